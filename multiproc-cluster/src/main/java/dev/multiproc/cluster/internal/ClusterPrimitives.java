package dev.multiproc.cluster.internal;

import dev.multiproc.Barrier;
import dev.multiproc.Event;
import dev.multiproc.JoinableQueue;
import dev.multiproc.Lock;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.RLock;
import dev.multiproc.Semaphore;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.SharedMemory;
import dev.multiproc.cluster.internal.ipc.ClusterConnection;
import dev.multiproc.cluster.internal.ipc.ClusterJoinableQueue;
import dev.multiproc.cluster.internal.ipc.ClusterQueue;
import dev.multiproc.cluster.internal.store.Store;
import dev.multiproc.cluster.internal.sync.ClusterBarrier;
import dev.multiproc.cluster.internal.sync.ClusterEvent;
import dev.multiproc.cluster.internal.sync.ClusterLock;
import dev.multiproc.cluster.internal.sync.ClusterRLock;
import dev.multiproc.cluster.internal.sync.ClusterSemaphore;
import dev.multiproc.cluster.internal.sync.ClusterValues;
import dev.multiproc.internal.engine.Primitives;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster context's primitives: each a key (or a queue) named after the context, freed when the context
 * closes. Raw shared memory cannot span machines and is refused.
 */
final class ClusterPrimitives implements Primitives {
    private final Grid.Ref ref;
    private final String prefix;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Set<String> queues = ConcurrentHashMap.newKeySet();

    ClusterPrimitives(Grid.Ref ref, String contextId) {
        this.ref = ref;
        this.prefix = "ctx/" + contextId + "/";
    }

    private String key(String kind) {
        String k = prefix + kind + "/" + UUID.randomUUID();
        keys.add(k);
        return k;
    }

    private String queueName(String kind) {
        String q = "multiproc." + prefix + kind + "/" + UUID.randomUUID();
        queues.add(q);
        return q;
    }

    @Override
    public Lock lock() {
        return new ClusterLock(ref, key("lock"));
    }

    @Override
    public RLock rlock() {
        return new ClusterRLock(ref, key("rlock"));
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        return new ClusterSemaphore(ref, key("semaphore"), permits, bounded);
    }

    @Override
    public Event event() {
        return new ClusterEvent(ref, key("event"));
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        return new ClusterBarrier(ref, key("barrier"), parties, action);
    }

    @Override
    public SharedLong sharedLong(long initial) {
        return new ClusterValues.Long1(ref, key("long"), initial);
    }

    @Override
    public SharedDouble sharedDouble(double initial) {
        return new ClusterValues.Double1(ref, key("double"), initial);
    }

    @Override
    public SharedLongArray sharedLongArray(int length) {
        return new ClusterValues.LongArray(ref, key("longs"), length);
    }

    @Override
    public SharedDoubleArray sharedDoubleArray(int length) {
        return new ClusterValues.DoubleArray(ref, key("doubles"), length);
    }

    @Override
    public SharedMemory sharedMemory(long bytes) {
        throw new UnsupportedOperationException("raw shared memory cannot span machines: on a cluster use "
                + "sharedLongArray/sharedDoubleArray, or a queue");
    }

    @Override
    public Pipe pipe(boolean duplex) {
        String k = key("pipe");
        queues.add(k + "/to0");
        queues.add(k + "/to1");
        return ClusterConnection.pipe(ref, k, duplex);
    }

    @Override
    public <T> Queue<T> queue(int capacity) {
        return new ClusterQueue<>(ref, queueName("queue"), capacity);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue() {
        String q = queueName("joinable");
        keys.add(q + "/unfinished");
        return new ClusterJoinableQueue<>(ref, q);
    }

    @Override
    public void close() {
        Store store = ref.store();
        for (String k : List.copyOf(keys)) {
            store.remove(k);
        }
        for (String q : List.copyOf(queues)) {
            store.destroyQueue(q);
        }
        keys.clear();
        queues.clear();
    }
}
