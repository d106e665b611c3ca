package dev.multiproc.internal.shm;

import dev.multiproc.Barrier;
import dev.multiproc.SerializableRunnable;

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
 *  | arrived  | generation | broken gen+1 |  parties  | process slots, 24 B each |
 *  +----------+------------+--------------+-----------+--------------------------+
 *  slot: [waiting threads (int) | pid (int)] as one long, [generation], [start stamp: Self]
 * </pre>
 */
/*
 * Implementation notes.
 *
 * arrived and generation form one long, changed by CAS: an arrival increments arrived; the last arrival
 * resets it and increments the generation (the futex word at offset 4) and wakes everyone. With an action,
 * the last arrival first counts itself (arrived == parties: nobody can leave, a further party waits for the
 * next generation), runs the action, then starts the next generation; an action that throws breaks it. "broken" holds
 * generation+1 of a broken generation, so a reset (break the current generation, then start the next)
 * leaves the new generation unbroken without a second field. Waiters sleep in 50 ms slices and check
 * the slots of their generation for a dead process after each one.
 * A process registers in its slot (count of its threads waiting, generation, start time) before its
 * arrival is counted, so a party killed at any moment after it arrived is seen (found by
 * CrossProcessSyncTest: a party killed between the arrival and a later registration went unnoticed).
 * A slot is claimed from one whose count is 0 in two steps — pid with count 0, start time, then count 1 —
 * so a checker never pairs a new pid with an old start time.
 */
final class ShmBarrier extends ShmObject implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long STATE = 0, GENERATION = 4, BROKEN = 8, PARTIES = 12, SLOTS = 16, SLOT = 24;
    private static final long SLOT_WORD = 0, SLOT_GEN = 8, SLOT_START = 16;

    private final int parties;
    private final SerializableRunnable action; // null: none; travels with the handle, run where the last party is

    ShmBarrier(ShmHeap heap, int parties, SerializableRunnable action) {
        super(heap.allocate(SLOTS + SLOT * (long) parties));
        this.parties = parties;
        this.action = action;
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
        long slot = register(getInt(GENERATION));
        try {
            return arriveRegistered(deadline(timeoutNanos), slot);
        } finally {
            unregister(slot);
        }
    }

    private int arriveRegistered(long deadline, long slot)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
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
            if (arrived >= parties) {
                await(GENERATION, gen, SLICE_NANOS); // a party beyond the count, while the last one runs the action
            } else if (arrived + 1 == parties) {
                markWaitingAt(slot, gen); // a last party that dies in the action breaks the barrier
                if (casLong(STATE, s, action == null ? (long) (gen + 1) << 32 : s + 1)) {
                    return trip(gen);
                }
            } else {
                markWaitingAt(slot, gen); // before the arrival counts: see the implementation notes
                if (!casLong(STATE, s, ((long) gen << 32) | (arrived + 1))) {
                    continue;
                }
                waitForTrip(gen, deadline);
                return parties - 1 - arrived;
            }
        }
    }

    /**
     * The last party's part: runs the action (every party counted as arrived meanwhile, so none can leave),
     * then starts the next generation and wakes the waiters. An action that throws breaks this generation.
     */
    private int trip(int gen) {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                breakGeneration(gen);
                throw e;
            }
            if (getInt(GENERATION) != gen || !casLong(STATE, ((long) gen << 32) | parties, (long) (gen + 1) << 32)) {
                return 0; // reset() or a dead party's break ended the generation while the action ran
            }
        }
        wake(GENERATION, Integer.MAX_VALUE);
        return 0;
    }

    /** Counts one more waiting thread of this process in its slot; -1 if no slot could be had. */
    private long register(int gen) {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < parties; i++) {
                long slot = SLOTS + SLOT * i;
                long w = getLong(slot + SLOT_WORD);
                int pid = (int) w, count = (int) (w >>> 32);
                if (pid == Self.PID && getLong(slot + SLOT_START) == Self.START_STAMP) {
                    if (casLong(slot + SLOT_WORD, w, ((long) (count + 1) << 32) | Self.PID)) {
                        setInt(slot + SLOT_GEN, gen);
                        return slot;
                    }
                    round = -1; // it changed under us: look again
                    break;
                }
                if (round == 1 && count == 0 && claim(slot, w, gen)) {
                    return slot;
                }
            }
        }
        return -1; // more processes than parties waiting: this one's death goes unnoticed
    }

    private boolean claim(long slot, long w, int gen) {
        if (!casLong(slot + SLOT_WORD, w, Self.PID & 0xffffffffL)) {
            return false;
        }
        setLong(slot + SLOT_START, Self.START_STAMP);
        setInt(slot + SLOT_GEN, gen);
        return casLong(slot + SLOT_WORD, Self.PID & 0xffffffffL, (1L << 32) | Self.PID);
    }

    private void markWaitingAt(long slot, int gen) {
        if (slot >= 0) {
            setInt(slot + SLOT_GEN, gen);
        }
    }

    private void unregister(long slot) {
        if (slot < 0) {
            return;
        }
        while (true) {
            long w = getLong(slot + SLOT_WORD);
            if (casLong(slot + SLOT_WORD, w, w - (1L << 32))) {
                return;
            }
        }
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
            long w = getLong(slot + SLOT_WORD);
            if ((w >>> 32) > 0 && getInt(slot + SLOT_GEN) == gen
                    && Self.isDead((int) w, getLong(slot + SLOT_START))) {
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
