package dev.multiproc.internal.shm;

import dev.multiproc.Event;

import java.io.Serial;
import java.time.Duration;

/**
 * Python's {@code Event} on shared memory.
 *
 * <pre>
 *   0           4           8                                                                   64
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 *  |   flag    |  waiters  | sets (fw) |                       padding                         |
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 * </pre>
 * Every {@link #set()} also counts itself in {@code sets}, the futex word, so that a waiter released by a
 * set returns even if the flag was cleared again before it woke (Python releases every thread waiting at
 * {@code set()}). The waiter count lets {@code set()} skip the wake system call when nobody waits.
 */
final class ShmEvent extends ShmObject implements Event {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long FLAG = 0, WAITERS = 4, SETS = 8, SIZE = 64;

    ShmEvent(ShmHeap heap) {
        super(heap.allocate(SIZE));
    }

    @Override
    public void set() {
        setInt(FLAG, 1);
        addInt(SETS, 1);
        if (getInt(WAITERS) > 0) { // read after the count: pairs with the waiter's count-then-check
            wake(SETS, Integer.MAX_VALUE);
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
            int sets = getInt(SETS);
            while (!isSet() && getInt(SETS) == sets) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(SETS, sets, left);
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
