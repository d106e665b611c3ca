package dev.multiproc.internal.thread;

import dev.multiproc.Semaphore;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code Semaphore} and {@code BoundedSemaphore} in one JVM. A lock and a condition rather than
 * {@link java.util.concurrent.Semaphore}, so that the bound is checked and applied in one step.
 */
final class ThreadSemaphore implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition available = lock.newCondition();
    private final int bound; // Integer.MAX_VALUE when unbounded
    private int permits;

    ThreadSemaphore(int permits, boolean bounded) {
        this.permits = permits;
        this.bound = bounded ? permits : Integer.MAX_VALUE;
    }

    @Override
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (permits == 0) {
                available.await();
            }
            permits--;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryAcquire() {
        lock.lock();
        try {
            if (permits == 0) {
                return false;
            }
            permits--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        if (!lock.tryLock(remaining, TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            while (permits == 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = available.awaitNanos(remaining);
            }
            permits--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release() {
        lock.lock();
        try {
            if (permits >= bound) {
                throw new IllegalStateException("semaphore released too many times: bound=" + bound);
            }
            permits++;
            available.signal();
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
