package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.Queue;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Channel;
import dev.multiproc.cluster.internal.sync.Handle;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.Waitable;

import java.io.Serial;
import java.time.Duration;

/**
 * A queue on a cluster: encoded items in one key of the store, whose puts and takes are the store's updates.
 * Items are encoded in the caller, so an item that cannot be serialized fails there and nothing is sent;
 * agents never need the items' classes. The whole queue lives in one partition (one member and its backup):
 * it does not spread over machines.
 *
 * @param <T> the item type
 */
public class ClusterQueue<T> extends Handle implements Queue<T>, Waitable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private transient volatile boolean closed;

    public ClusterQueue(Grid.Ref ref, String name, int capacity) {
        super(ref, name);
        this.capacity = capacity;
        queue(); // creates it, with its bound, before the handle travels
    }

    private Channel queue() {
        return store().queue(key, capacity);
    }

    private byte[] encode(T item) {
        if (closed) {
            throw new IllegalStateException("queue is closed");
        }
        return MessageCodec.INSTANCE.encode(item); // IllegalArgumentException naming the class: nothing sent
    }

    @SuppressWarnings("unchecked")
    private T decode(byte[] bytes) {
        return (T) MessageCodec.INSTANCE.decode(bytes);
    }

    @Override
    public void put(T item) throws InterruptedException {
        offer(item, Long.MAX_VALUE);
    }

    @Override
    public boolean offer(T item) {
        byte[] bytes = encode(item);
        counted(1);
        return offered(queue().offer(bytes));
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return offer(item, timeout.toNanos());
    }

    private boolean offer(T item, long nanos) throws InterruptedException {
        byte[] bytes = encode(item);
        Channel q = queue();
        counted(1);
        boolean added = false;
        try {
            added = q.changes().until(() -> q.offer(bytes), nanos);
        } finally {
            offered(added); // an interrupted put adds nothing, and counts nothing
        }
        return added;
    }

    private boolean offered(boolean accepted) {
        if (!accepted) {
            counted(-1);
        }
        return accepted;
    }

    /**
     * Counts items in or out of a joinable queue's unfinished count; nothing for a plain queue. An item is
     * counted before it is put, so that a fast consumer's {@code taskDone} finds it.
     */
    void counted(long delta) {
    }

    @Override
    public T take() throws InterruptedException {
        return poll(Long.MAX_VALUE);
    }

    @Override
    public T poll() {
        byte[] b = queue().poll();
        return b == null ? null : decode(b);
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return poll(timeout.toNanos());
    }

    private T poll(long nanos) throws InterruptedException {
        Channel q = queue();
        byte[][] taken = new byte[1][];
        return q.changes().until(() -> (taken[0] = q.poll()) != null, nanos) ? decode(taken[0]) : null;
    }

    @Override
    public Waitable.Watching watch(Bell bell) {
        return queue().changes().ring(bell);
    }

    @Override
    public int size() {
        return queue().size();
    }

    @Override
    public int remainingCapacity() {
        return capacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, capacity - size());
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void close() {
        closed = true;
    }
}
