package dev.multiproc.internal.shm;

import dev.multiproc.Lock;

import java.io.Serial;
import java.util.concurrent.TimeUnit;

/** Python's {@code Lock} on shared memory: not reentrant, released by any thread or process. */
final class ShmLock extends ShmMutex implements Lock {
    @Serial
    private static final long serialVersionUID = 1L;

    ShmLock(ShmHeap heap) {
        super(heap);
    }

    @Override
    public void lock() {
        acquireWordUninterruptibly();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        acquireWord(Long.MAX_VALUE, true);
    }

    @Override
    public boolean tryLock() {
        return tryAcquireWord();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return acquireWord(unit.toNanos(time), true);
    }

    @Override
    public void unlock() {
        if (!releaseWord()) {
            throw new IllegalMonitorStateException("lock is not locked");
        }
    }

    @Override
    void checkHeldForCondition() {
        if (!isLocked()) {
            throw new IllegalMonitorStateException("condition used without its lock held");
        }
    }

    @Override
    int releaseForWait() {
        unlock();
        return 1;
    }

    @Override
    void reacquire(int saved) {
        lock();
    }
}
