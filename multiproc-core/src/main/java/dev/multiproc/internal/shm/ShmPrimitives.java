package dev.multiproc.internal.shm;

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
import dev.multiproc.internal.engine.Primitives;

/** The process engine's primitives: objects in the context's {@link ShmHeap}, freed when it closes. */
public final class ShmPrimitives implements Primitives {
    /** Removes the shared-memory files of processes that died without cleaning up (a new context's first step). */
    public static void sweepStale() {
        Segments.sweepStale();
    }

    /** Creates the futex's downcall handle ahead: the linker's first one costs 70-170 ms in a fresh JVM. */
    public static void warmUp() {
        Futex.warmUp();
    }

    private final ShmHeap heap = new ShmHeap();

    @Override
    public Lock lock() {
        return new ShmLock(heap);
    }

    @Override
    public RLock rlock() {
        return new ShmRLock(heap);
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        return new ShmSemaphore(heap, permits, bounded);
    }

    @Override
    public Event event() {
        return new ShmEvent(heap);
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        return new ShmBarrier(heap, parties, action);
    }

    @Override
    public SharedLong sharedLong(long initial) {
        return new ShmValues.Long(heap, initial);
    }

    @Override
    public SharedDouble sharedDouble(double initial) {
        return new ShmValues.Double(heap, initial);
    }

    @Override
    public SharedLongArray sharedLongArray(int length) {
        return new ShmValues.LongArray(heap, length);
    }

    @Override
    public SharedDoubleArray sharedDoubleArray(int length) {
        return new ShmValues.DoubleArray(heap, length);
    }

    @Override
    public SharedMemory sharedMemory(long bytes) {
        return new ShmSharedMemory(heap, bytes);
    }

    @Override
    public Pipe pipe(boolean duplex) {
        return ShmConnection.pipe(heap, duplex);
    }

    @Override
    public <T> Queue<T> queue(int capacity) {
        return new ShmQueue<>(heap, capacity, false);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue() {
        return new ShmQueue<>(heap, Integer.MAX_VALUE, true);
    }

    @Override
    public void close() {
        ShmConnection.forget(heap.prefix());
        heap.close();
    }
}
