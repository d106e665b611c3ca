package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Condition;
import dev.multiproc.Lock;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Deadline;
import dev.multiproc.internal.engine.Waits;

import java.io.Serial;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code Lock} on a cluster: not reentrant, released by anyone. The holder's endpoint is recorded,
 * so that the lock comes back when that JVM leaves the cluster; the next holder then sees
 * {@link #previousOwnerDied()}.
 *
 * <p>AP, not CP: during a network split or a pause longer than Hazelcast's failure detector
 * ({@code hazelcast.max.no.heartbeat.seconds}), two holders are possible, and there is no fencing token.
 * Memory consistency: an unlock happens-before a later lock of the same lock, in any JVM, as far as the
 * state of the cluster goes; a JVM's own heap is not shared.
 */
public class ClusterLock extends Handle implements Lock {
    @Serial
    private static final long serialVersionUID = 1L;

    public ClusterLock(Grid.Ref ref, String key) {
        super(ref, key);
    }

    boolean reentrant() {
        return false;
    }

    /** One try; within a timed wait, a take that lands after the wait gave up is released again. */
    boolean acquireOnce(int count) {
        long thread = Thread.currentThread().threadId();
        return tryUpdate(MutexState.acquire(self(), thread, count, reentrant()),
                took -> took && count == 1 ? MutexState.release(self(), thread, reentrant(), false) : null);
    }

    /** Waits for the lock and takes {@code count} holds at once (a condition gives back what it released). */
    boolean acquire(int count, long nanos) throws InterruptedException {
        return until(() -> acquireOnce(count), nanos);
    }

    @Override
    public void lock() {
        Waits.uninterruptibly(this::lockInterruptibly);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(1, Long.MAX_VALUE);
    }

    @Override
    public boolean tryLock() {
        return Deadline.now(() -> acquireOnce(1));
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(1, unit.toNanos(time));
    }

    @Override
    public void unlock() {
        if (release(false) == 0) {
            throw new IllegalMonitorStateException(reentrant() ? "not held by this thread: " + key
                    : "release of an unlocked lock: " + key);
        }
    }

    /** Releases one hold, or all of them; the count released, 0 if this caller may not release. */
    int release(boolean all) {
        return update(MutexState.release(self(), Thread.currentThread().threadId(), reentrant(), all));
    }

    MutexState state() {
        return update(MutexState.read());
    }

    @Override
    public Condition newCondition() {
        return new ClusterCondition(ref, key + "/condition/" + java.util.UUID.randomUUID(), this);
    }

    @Override
    public boolean isLocked() {
        return state().owner() != null;
    }

    @Override
    public boolean previousOwnerDied() {
        return state().ownerDied();
    }
}
