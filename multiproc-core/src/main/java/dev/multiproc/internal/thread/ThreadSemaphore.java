package dev.multiproc.internal.thread;

import dev.multiproc.Semaphore;
import dev.multiproc.internal.engine.Require;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code Semaphore} and {@code BoundedSemaphore} in one JVM. A lock and a condition rather than
 * {@link java.util.concurrent.Semaphore}, so that the bound is checked and applied in one step, and so that a
 * waiter for several permits can keep them for itself as they come back (the claim).
 */
/*
 * Implementation notes.
 *
 * The claim: the first waiter for more than one permit that has to wait records how many it needs; until it
 * leaves, others take only permits beyond that number. One claim at a time, so waiters for many permits are
 * served in turn and no waiter for one permit is kept out by more than one of them. While a claim stands a
 * release wakes every waiter: a single signal could go to one that may not take the claimed permits.
 */
final class ThreadSemaphore implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition available = lock.newCondition();
    private final int bound; // Integer.MAX_VALUE when unbounded, so that no release can pass it
    // guarded by lock
    private int permits;
    private Thread claimant;
    private int claimed;

    ThreadSemaphore(int permits, boolean bounded) {
        this.permits = permits;
        this.bound = bounded ? permits : Integer.MAX_VALUE;
    }

    @Override
    public void acquire() throws InterruptedException {
        take(1, Long.MAX_VALUE);
    }

    @Override
    public void acquire(int n) throws InterruptedException {
        Require.permits(n, bound);
        take(n, Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        lock.lock();
        try {
            return takeNow(1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(1, timeout.toNanos());
    }

    @Override
    public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
        Require.permits(n, bound);
        return take(n, timeout.toNanos());
    }

    private boolean take(int n, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2);
        if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            while (!takeNow(n)) {
                if (n > 1 && claimant == null) {
                    claimant = Thread.currentThread();
                    claimed = n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                available.awaitNanos(left);
            }
            return true;
        } finally {
            dropClaim();
            lock.unlock();
        }
    }

    /** Takes {@code n} permits if they are free of another waiter's claim; lock held. */
    private boolean takeNow(int n) {
        int free = claimant == null || claimant == Thread.currentThread() ? permits : permits - claimed;
        if (free < n) {
            return false;
        }
        permits -= n;
        return true;
    }

    private void dropClaim() {
        if (claimant == Thread.currentThread()) {
            claimant = null;
            claimed = 0;
            available.signalAll(); // what it kept may now serve others
        }
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(int n) {
        Require.permits(n, -1);
        lock.lock();
        try {
            if (permits > bound - n) {
                throw new IllegalStateException("semaphore released too many times: bound=" + bound);
            }
            permits += n;
            if (n == 1 && claimant == null) {
                available.signal();
            } else {
                available.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int availablePermits() {
        lock.lock();
        try {
            return permits;
        } finally {
            lock.unlock();
        }
    }
}
