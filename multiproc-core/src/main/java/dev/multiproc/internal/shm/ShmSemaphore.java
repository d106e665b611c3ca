package dev.multiproc.internal.shm;

import dev.multiproc.Semaphore;

import java.io.Serial;
import java.time.Duration;

/**
 * Python's {@code Semaphore} and {@code BoundedSemaphore} on shared memory.
 *
 * <pre>
 *   0           4           8           12                                                      64
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 *  |  permits  |  waiters  | bound/-1  |                       padding                         |
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 * </pre>
 * A waiter counts itself in {@code waiters} before it re-reads the permits, and a releaser adds the permit
 * before it reads {@code waiters}: either the waiter sees the permit or the releaser sees the waiter.
 */
final class ShmSemaphore extends ShmObject implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long PERMITS = 0, WAITERS = 4, BOUND = 8, SIZE = 64;

    ShmSemaphore(ShmHeap heap, int permits, boolean bounded) {
        super(heap.allocate(SIZE));
        setInt(BOUND, bounded ? permits : -1);
        setInt(PERMITS, permits);
    }

    @Override
    public void acquire() throws InterruptedException {
        take(Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        for (int p = getInt(PERMITS); p > 0; p = getInt(PERMITS)) {
            if (casInt(PERMITS, p, p - 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(timeout.toNanos());
    }

    private boolean take(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = deadline(timeoutNanos);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        do {
            if (tryAcquire()) {
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < spinUntil);
        addInt(WAITERS, 1);
        try {
            while (!tryAcquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(PERMITS, 0, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return true;
        } finally {
            addInt(WAITERS, -1);
        }
    }

    @Override
    public void release() {
        int bound = getInt(BOUND);
        for (int p = getInt(PERMITS); ; p = getInt(PERMITS)) {
            if (bound >= 0 && p >= bound) {
                throw new IllegalStateException("semaphore released too many times: bound=" + bound);
            }
            if (casInt(PERMITS, p, p + 1)) {
                break;
            }
        }
        if (getInt(WAITERS) > 0) {
            wake(PERMITS, 1);
        }
    }

    @Override
    public int availablePermits() {
        return getInt(PERMITS);
    }
}
