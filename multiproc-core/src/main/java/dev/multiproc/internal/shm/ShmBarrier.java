package dev.multiproc.internal.shm;

import dev.multiproc.Barrier;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A cyclic barrier on shared memory that breaks when a waiting party's process dies.
 *
 * <pre>
 *   0          4            8              12          16                       16 + 16 * parties
 *  +----------+------------+--------------+-----------+--------------------------+
 *  | arrived  | generation | broken gen+1 |  parties  | waiter slots, 16 B each  |
 *  +----------+------------+--------------+-----------+--------------------------+
 *  slot i: [generation+1][pid][start time ms] of the party that arrived i-th in that generation
 * </pre>
 */
/*
 * Implementation notes.
 *
 * arrived and generation form one long, changed by CAS: an arrival increments arrived; the last arrival
 * resets it and increments the generation (the futex word at offset 4) and wakes everyone. "broken" holds
 * generation+1 of a broken generation, so a reset (break the current generation, then start the next)
 * leaves the new generation unbroken without a second field. Waiters sleep in 50 ms slices and check
 * the slots of their generation for a dead process after each one.
 */
final class ShmBarrier extends ShmObject implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long STATE = 0, GENERATION = 4, BROKEN = 8, PARTIES = 12, SLOTS = 16, SLOT = 16;

    private final int parties;

    ShmBarrier(ShmHeap heap, int parties) {
        super(heap.allocate(SLOTS + SLOT * (long) parties));
        this.parties = parties;
        setInt(PARTIES, parties);
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return arrive(Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline", e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return arrive(timeout.toNanos());
    }

    private int arrive(long timeoutNanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long deadline = deadline(timeoutNanos);
        while (true) {
            long s = getLong(STATE);
            int arrived = (int) s, gen = (int) (s >>> 32);
            if (getInt(BROKEN) == gen + 1) {
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                breakGeneration(gen);
                throw new InterruptedException();
            }
            if (arrived + 1 == parties) {
                if (casLong(STATE, s, (long) (gen + 1) << 32)) {
                    wake(GENERATION, Integer.MAX_VALUE);
                    return 0;
                }
            } else if (casLong(STATE, s, ((long) gen << 32) | (arrived + 1))) {
                writeSlot(arrived, gen);
                waitForTrip(gen, deadline);
                return parties - 1 - arrived;
            }
        }
    }

    private void writeSlot(int index, int gen) {
        long slot = SLOTS + SLOT * index;
        setLong(slot + 8, Self.START_MILLIS);
        setInt(slot + 4, Self.PID);
        setInt(slot, gen + 1); // last: a slot is read only when its generation matches
    }

    private void waitForTrip(int gen, long deadline)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        while (getInt(GENERATION) == gen) {
            if (getInt(BROKEN) == gen + 1) {
                throw new BrokenBarrierException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                breakGeneration(gen);
                throw new TimeoutException("barrier: " + parties + " parties, " + numberWaiting() + " arrived");
            }
            await(GENERATION, gen, left);
            if (Thread.interrupted()) {
                breakGeneration(gen);
                throw new InterruptedException();
            }
            if (getInt(GENERATION) == gen && aPartyDied(gen)) { // tripped meanwhile: a party that left is no failure
                breakGeneration(gen);
                throw new BrokenBarrierException();
            }
        }
        if (getInt(BROKEN) == gen + 1) {
            throw new BrokenBarrierException(); // released by reset(), not by the last arrival
        }
    }

    private boolean aPartyDied(int gen) {
        for (int i = 0; i < parties; i++) {
            long slot = SLOTS + SLOT * i;
            if (getInt(slot) == gen + 1 && Self.isDead(getInt(slot + 4), getLong(slot + 8))) {
                return true;
            }
        }
        return false;
    }

    private void breakGeneration(int gen) {
        if (getInt(GENERATION) == gen) { // a generation that already tripped stays unbroken
            setInt(BROKEN, gen + 1);
        }
        wake(GENERATION, Integer.MAX_VALUE);
    }

    @Override
    public void reset() {
        while (true) {
            long s = getLong(STATE);
            int gen = (int) (s >>> 32);
            setInt(BROKEN, gen + 1); // current waiters leave with BrokenBarrierException
            if (casLong(STATE, s, (long) (gen + 1) << 32)) {
                wake(GENERATION, Integer.MAX_VALUE);
                return;
            }
        }
    }

    @Override
    public void abort() {
        breakGeneration(getInt(GENERATION));
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int numberWaiting() {
        return isBroken() ? 0 : (int) getLong(STATE); // the waiters of a broken generation have all left
    }

    @Override
    public boolean isBroken() {
        return getInt(BROKEN) == getInt(GENERATION) + 1;
    }
}
