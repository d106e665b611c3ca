package dev.multiproc.internal.shm;

import dev.multiproc.Condition;

import java.io.Serial;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A condition variable on shared memory, bound to a {@link ShmLock} or {@link ShmRLock}.
 *
 * <pre>
 *   0           4           8           12                                                      64
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 *  | sequence  |  waiters  |  tickets  |                       padding                         |
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 * </pre>
 */
/*
 * Implementation notes.
 *
 * A signal adds a ticket (at most one per waiter), bumps the sequence (the futex word) and wakes one
 * sleeper; signalAll gives every waiter a ticket and wakes all. A waiter reads the sequence while it
 * holds the lock, releases the lock, sleeps while the sequence is unchanged, and returns when it takes a
 * ticket with a CAS. Because tickets live in shared memory, a woken waiter that dies before taking its
 * ticket leaves it for another waiter, which finds it within one 50 ms slice: no signal is lost. A waiter
 * that times out gives back any ticket beyond the waiters still there.
 */
final class ShmCondition extends ShmObject implements Condition {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long SEQUENCE = 0, WAITERS = 4, TICKETS = 8, SIZE = 64;

    private final ShmMutex lock;

    private ShmCondition(ShmHeap heap, ShmMutex lock) {
        super(heap.allocate(SIZE));
        this.lock = lock;
    }

    static ShmCondition create(ShmHeap heap, ShmMutex lock) {
        if (heap == null) {
            throw new IllegalStateException("conditions are created in the process that owns the context "
                    + "(ctx.condition(lock)), then passed to workers");
        }
        return new ShmCondition(heap, lock);
    }

    @Override
    public void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    @Override
    public void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                awaitNanos(Long.MAX_VALUE);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting; the flag is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos(unit.toNanos(time)) > 0;
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        long millis = deadline.getTime() - System.currentTimeMillis();
        return awaitNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis))) > 0;
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        lock.checkHeldForCondition();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = deadline(nanosTimeout);
        int seen = getInt(SEQUENCE);
        addInt(WAITERS, 1);
        int holds = lock.releaseForWait();
        boolean signalled = false;
        try {
            signalled = sleepForTicket(seen, deadline);
        } finally {
            leave(signalled);
            lock.reacquire(holds);
        }
        long left = deadline - System.nanoTime();
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    private boolean sleepForTicket(int seen, long deadline) throws InterruptedException {
        while (true) {
            if (takeTicket()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            await(SEQUENCE, seen, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            seen = getInt(SEQUENCE);
        }
    }

    private boolean takeTicket() {
        for (int t = getInt(TICKETS); t > 0; t = getInt(TICKETS)) {
            if (casInt(TICKETS, t, t - 1)) {
                return true;
            }
        }
        return false;
    }

    private void leave(boolean signalled) {
        int waiters = addInt(WAITERS, -1);
        if (!signalled) { // a ticket meant for a waiter that left is not kept for waiters that are not there
            for (int t = getInt(TICKETS); t > waiters; t = getInt(TICKETS)) {
                if (casInt(TICKETS, t, Math.max(0, waiters))) {
                    break;
                }
            }
        }
    }

    @Override
    public void signal() {
        lock.checkHeldForCondition();
        give(1);
    }

    @Override
    public void signalAll() {
        lock.checkHeldForCondition();
        give(Integer.MAX_VALUE);
    }

    /**
     * Signals one waiter without the lock held. For structures whose waiters count themselves under the
     * lock before they wait (as {@link ShmQueue}'s do): waking after the unlock spares the woken waiter a
     * second sleep on the lock the signaller still holds.
     */
    void signalAfterUnlock() {
        give(1);
    }

    private void give(int count) {
        int waiters = getInt(WAITERS);
        if (waiters <= 0) {
            return;
        }
        for (int t = getInt(TICKETS); ; t = getInt(TICKETS)) {
            int next = (int) Math.min(waiters, (long) t + count);
            if (next <= t || casInt(TICKETS, t, next)) {
                break;
            }
        }
        addInt(SEQUENCE, 1);
        wake(SEQUENCE, count == 1 ? 1 : Integer.MAX_VALUE);
    }

    @Override
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        lock.checkHeldForCondition();
        long deadline = deadline(timeout.toNanos());
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            awaitNanos(left);
            result = predicate.getAsBoolean();
        }
        return result;
    }
}
