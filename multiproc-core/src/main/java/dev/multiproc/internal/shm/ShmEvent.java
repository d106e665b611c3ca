package dev.multiproc.internal.shm;

import dev.multiproc.Event;

import java.io.Serial;
import java.time.Duration;

/**
 * Python's {@code Event} on shared memory: a flag word (the futex word) and a waiter count, so that
 * {@link #set()} skips the wake system call when nobody waits.
 */
final class ShmEvent extends ShmObject implements Event {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long FLAG = 0, WAITERS = 4, SIZE = 64;

    ShmEvent(ShmHeap heap) {
        super(heap.allocate(SIZE));
    }

    @Override
    public void set() {
        setInt(FLAG, 1);
        if (getInt(WAITERS) > 0) { // read after the flag: pairs with the waiter's count-then-check
            wake(FLAG, Integer.MAX_VALUE);
        }
    }

    @Override
    public void clear() {
        setInt(FLAG, 0);
    }

    @Override
    public boolean isSet() {
        return getInt(FLAG) != 0;
    }

    @Override
    public void await() throws InterruptedException {
        await(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (isSet()) {
            return true;
        }
        long deadline = deadline(timeout.toNanos());
        addInt(WAITERS, 1);
        try {
            while (!isSet()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(FLAG, 0, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return true;
        } finally {
            addInt(WAITERS, -1);
        }
    }
}
