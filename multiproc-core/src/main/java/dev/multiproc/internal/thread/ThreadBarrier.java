package dev.multiproc.internal.thread;

import dev.multiproc.Barrier;
import dev.multiproc.internal.engine.Require;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python's {@code Barrier} in one JVM: a lock, a condition and a generation that is either tripped (every
 * party arrived: a new generation begins) or broken (a timeout, an interrupt, {@link #abort()} or an action
 * that threw). The last party runs the action with the lock held, before it starts the next generation.
 */
/*
 * Implementation notes.
 *
 * A broken generation stays the current one until reset() replaces it, so every waiter of it, current and
 * future, sees it broken: abort() is one state change under the lock, and no await can slip between a check
 * and an entry. (The earlier form checked an "aborted" flag and then entered a CyclicBarrier, which abort()
 * had reset into a fresh, unbroken generation in between: that waiter then timed out, or waited forever.)
 */
final class ThreadBarrier implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int parties;
    private final Runnable action; // null: none
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private Generation generation = new Generation();
    private int arrived;

    /** One round of the barrier; replaced when it trips or is reset. */
    private static final class Generation {
        boolean broken;
    }

    ThreadBarrier(int parties, Runnable action) {
        Require.argument(parties > 0, "parties must be positive: parties=%s", parties);
        this.parties = parties;
        this.action = action;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return arrive(0, false);
        } catch (TimeoutException e) {
            throw new AssertionError("untimed wait timed out", e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return arrive(timeout.toNanos(), true);
    }

    private int arrive(long nanos, boolean timed)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        lock.lock();
        try {
            Generation g = generation;
            if (g.broken) {
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                breakGeneration();
                throw new InterruptedException();
            }
            int index = parties - 1 - arrived++;
            if (index == 0) {
                runAction();
                nextGeneration();
                return 0;
            }
            return awaitTrip(g, index, nanos, timed);
        } finally {
            lock.unlock();
        }
    }

    /** Waits, lock held, until generation {@code g} trips or breaks, or the time is up. */
    private int awaitTrip(Generation g, int index, long nanos, boolean timed)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        while (true) {
            try {
                if (!timed) {
                    changed.await();
                } else if (nanos > 0) {
                    nanos = changed.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                if (g == generation && !g.broken) {
                    breakGeneration();
                    throw e;
                }
                Thread.currentThread().interrupt(); // it tripped or broke anyway: report that, keep the interrupt
            }
            if (g.broken) {
                throw new BrokenBarrierException();
            }
            if (g != generation) {
                return index;
            }
            if (timed && nanos <= 0) {
                breakGeneration();
                throw new TimeoutException();
            }
        }
    }

    /** Runs the action, lock held, before any party leaves; one that throws breaks the generation. */
    private void runAction() {
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            breakGeneration();
            throw e;
        }
    }

    private void nextGeneration() {
        changed.signalAll();
        generation = new Generation();
        arrived = 0;
    }

    private void breakGeneration() {
        generation.broken = true;
        arrived = 0;
        changed.signalAll();
    }

    @Override
    public void reset() {
        lock.lock();
        try {
            breakGeneration(); // current waiters get BrokenBarrierException
            nextGeneration();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            breakGeneration(); // and it stays the current generation until reset()
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int numberWaiting() {
        lock.lock();
        try {
            return generation.broken ? 0 : arrived;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isBroken() {
        lock.lock();
        try {
            return generation.broken;
        } finally {
            lock.unlock();
        }
    }
}
