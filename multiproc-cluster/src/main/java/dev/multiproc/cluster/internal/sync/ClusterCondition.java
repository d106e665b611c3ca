package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Lock;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.internal.engine.NanosCondition;
import dev.multiproc.internal.engine.Waits;

import java.io.Serial;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition on a cluster lock (Hazelcast CE has none since 4.0): a waiter enters a ticket, releases every
 * hold of the lock, waits until a signal marks its ticket (or its time is up), then retakes the lock with the
 * same hold count. See {@link ConditionState} for how a dead waiter's signal is passed on.
 */
final class ClusterCondition extends Handle implements NanosCondition {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final SecureRandom IDS = new SecureRandom();

    private final ClusterLock lock;

    ClusterCondition(Grid.Ref ref, String key, ClusterLock lock) {
        super(ref, key);
        this.lock = lock;
    }

    @Override
    public Lock lock() {
        return lock;
    }

    private void requireHeld() {
        MutexState s = lock.state();
        boolean held = lock.reentrant() ? s.isHeldBy(self(), Thread.currentThread().threadId()) : s.owner() != null;
        if (!held) {
            throw new IllegalMonitorStateException("condition used without its lock held: " + key);
        }
    }

    /** Waits up to {@code nanos}; returns the nanos left (≤ 0 on timeout), as {@code awaitNanos}. */
    @Override
    public long awaitNanos(long nanos) throws InterruptedException {
        requireHeld();
        long start = System.nanoTime();
        long id = IDS.nextLong();
        update(ConditionState.enter(id, self()));
        int holds = lock.release(true);
        boolean signalled = false;
        InterruptedException interrupted = null;
        try {
            signalled = until(() -> tryUpdate(ConditionState.isSignalled(id), null), nanos);
        } catch (InterruptedException e) {
            interrupted = e;
        } finally {
            signalled |= update(ConditionState.leave(id));
            retake(holds);
        }
        if (interrupted != null) {
            throw interrupted;
        }
        long left = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : nanos - (System.nanoTime() - start);
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    /** Takes back the holds released for the wait, whatever interrupts come meanwhile. */
    private void retake(int holds) {
        boolean interrupted = Thread.interrupted(); // a wait ended by an interrupt still retakes the lock
        Waits.uninterruptibly(() -> lock.acquire(Math.max(1, holds), Long.MAX_VALUE));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void signal() {
        requireHeld();
        update(ConditionState.signal(1));
    }

    @Override
    public void signalAll() {
        requireHeld();
        update(ConditionState.signal(Integer.MAX_VALUE));
    }

    @Override
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        requireHeld();
        return Waits.awaitUntil(this, predicate, timeout);
    }
}
