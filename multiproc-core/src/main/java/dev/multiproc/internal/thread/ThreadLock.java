package dev.multiproc.internal.thread;

import dev.multiproc.Condition;
import dev.multiproc.Lock;

import java.io.Serial;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Python's {@code Lock} in one JVM: not reentrant, released by any thread. An AQS whose state is 0 (free)
 * or 1 (locked); "held exclusively" means locked, whoever locked it, which is what lets any thread release
 * it and lets conditions work for any holder.
 */
final class ThreadLock implements Lock {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Sync sync = new Sync();

    @Override
    public void lock() {
        sync.acquire(1);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        sync.acquireInterruptibly(1);
    }

    @Override
    public boolean tryLock() {
        return sync.tryAcquire(1);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return sync.tryAcquireNanos(1, unit.toNanos(time));
    }

    @Override
    public void unlock() {
        sync.release(1);
    }

    @Override
    public Condition newCondition() {
        return new ThreadCondition(this, sync.newCondition());
    }

    @Override
    public boolean isLocked() {
        return sync.isHeldExclusively();
    }

    @Override
    public boolean previousOwnerDied() {
        return false; // a holder cannot die without this whole JVM
    }

    private static final class Sync extends AbstractQueuedSynchronizer {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean tryAcquire(int ignored) {
            return compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int ignored) {
            if (getState() == 0) {
                throw new IllegalMonitorStateException("lock is not locked");
            }
            setState(0); // volatile write: pairs with the CAS in tryAcquire
            return true;
        }

        @Override
        protected boolean isHeldExclusively() {
            return getState() == 1;
        }

        ConditionObject newCondition() {
            return new ConditionObject();
        }
    }
}
