package dev.multiproc.internal.thread;

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

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The thread engines' primitives: {@code java.util.concurrent} underneath; memory freed at close. */
final class ThreadPrimitives implements Primitives {
    private final Set<SharedMemory> memories = ConcurrentHashMap.newKeySet();
    private volatile boolean pipes; // until a pipe exists, no task can capture an end: nothing to look for

    @Override
    public Lock lock() {
        return new ThreadLock();
    }

    @Override
    public RLock rlock() {
        return new ThreadRLock();
    }

    @Override
    public Semaphore semaphore(int permits, boolean bounded) {
        return new ThreadSemaphore(permits, bounded);
    }

    @Override
    public Event event() {
        return new ThreadEvent();
    }

    @Override
    public Barrier barrier(int parties, SerializableRunnable action) {
        return new ThreadBarrier(parties, action);
    }

    @Override
    public SharedLong sharedLong(long initial) {
        return new ThreadValues.Long(initial);
    }

    @Override
    public SharedDouble sharedDouble(double initial) {
        return new ThreadValues.Double(initial);
    }

    @Override
    public SharedLongArray sharedLongArray(int length) {
        return new ThreadValues.LongArray(length);
    }

    @Override
    public SharedDoubleArray sharedDoubleArray(int length) {
        return new ThreadValues.DoubleArray(length);
    }

    @Override
    public SharedMemory sharedMemory(long bytes) {
        SharedMemory m = new ThreadSharedMemory(bytes);
        memories.add(m);
        return m;
    }

    @Override
    public Pipe pipe(boolean duplex) {
        pipes = true;
        return ThreadConnection.pipe(duplex);
    }

    /**
     * {@code holder} is about to run {@code task}: it holds the pipe ends the task captured from now on. A
     * worker's start ({@code workerStart}) gives away an end whose other end its task did not capture.
     */
    void handOff(Object task, EndHolder holder, boolean workerStart) {
        if (pipes && task != null) {
            java.util.List<ThreadConnection> ends = CapturedEnds.in(task);
            ends.forEach(end -> end.grant(holder, workerStart && ends.stream().noneMatch(end::isPartnerOf)));
        }
    }

    @Override
    public <T> Queue<T> queue(int capacity) {
        return new ThreadQueue<>(capacity, false);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue() {
        return new ThreadQueue<>(Integer.MAX_VALUE, true);
    }

    @Override
    public void close() {
        memories.forEach(SharedMemory::close);
        memories.clear();
    }
}
