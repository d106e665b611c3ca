package dev.multiproc.internal.thread;

import dev.multiproc.Condition;
import dev.multiproc.RLock;

import java.io.Serial;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** Python's {@code RLock} in one JVM: a {@link ReentrantLock}. */
final class ThreadRLock implements RLock {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public void lock() {
        lock.lock();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        lock.lockInterruptibly();
    }

    @Override
    public boolean tryLock() {
        return lock.tryLock();
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return lock.tryLock(time, unit);
    }

    @Override
    public void unlock() {
        lock.unlock(); // IllegalMonitorStateException for a non-owner, as the contract says
    }

    @Override
    public Condition newCondition() {
        return new ThreadCondition(this, lock.newCondition());
    }

    @Override
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Override
    public boolean previousOwnerDied() {
        return false;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public int holdCount() {
        return lock.getHoldCount();
    }
}
