package dev.multiproc.internal.engine;

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

/**
 * An engine's factory of synchronization primitives and shared values. Arguments are checked by
 * {@link ContextBase} before they reach it.
 */
public interface Primitives extends AutoCloseable {
    Lock lock();

    RLock rlock();

    Semaphore semaphore(int permits, boolean bounded);

    Event event();

    /** A barrier; {@code action}, if not {@code null}, is run by the last party of each trip before any is released. */
    Barrier barrier(int parties, SerializableRunnable action);

    SharedLong sharedLong(long initial);

    SharedDouble sharedDouble(double initial);

    SharedLongArray sharedLongArray(int length);

    SharedDoubleArray sharedDoubleArray(int length);

    SharedMemory sharedMemory(long bytes);

    Pipe pipe(boolean duplex);

    /** A queue holding at most {@code capacity} items; {@code Integer.MAX_VALUE} means unbounded. */
    <T> Queue<T> queue(int capacity);

    <T> JoinableQueue<T> joinableQueue();

    /** Frees what this factory made; handles used afterwards fail. */
    @Override
    void close();
}
