package dev.multiproc.internal.thread;

import dev.multiproc.Event;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/** Python's {@code Event} in one JVM. */
final class ThreadEvent implements Event {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition changed = lock.newCondition();
    private volatile boolean flag;
    private long sets; // guarded by lock: a waiter released by a set returns even if cleared before it woke

    @Override
    public void set() {
        lock.lock();
        try {
            flag = true;
            sets++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        flag = false;
    }

    @Override
    public boolean isSet() {
        return flag;
    }

    @Override
    public void await() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long seen = sets;
            while (!flag && sets == seen) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            long seen = sets;
            while (!flag && sets == seen && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return flag || sets != seen;
        } finally {
            lock.unlock();
        }
    }
}
