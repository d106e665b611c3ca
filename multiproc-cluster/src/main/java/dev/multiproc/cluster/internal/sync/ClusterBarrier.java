package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Barrier;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.cluster.internal.Grid;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A barrier on a cluster: arrivals counted in one entry; the last arrival (after the action, if any, which
 * it runs in its own JVM) starts the next generation and the waiters, woken by the entry's notifications, see it. A waiter that leaves the cluster breaks the
 * round (membership is exact, so this is safe); AP otherwise, see {@link ClusterLock}.
 */
public final class ClusterBarrier extends Handle implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int parties;
    private final SerializableRunnable action; // null: none

    public ClusterBarrier(Grid.Ref ref, String key, int parties, SerializableRunnable action) {
        super(ref, key);
        this.parties = parties;
        this.action = action;
        update(BarrierState.create(parties));
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return await(Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was given", e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(timeout.toNanos());
    }

    private int await(long nanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long arrival = arriveWhenRoom(nanos);
        if (arrival == BarrierState.BROKEN) {
            throw new BrokenBarrierException();
        }
        int index = (int) (arrival >>> 32);
        int gen = (int) arrival;
        if (index == 0) {
            runActionAndTrip(gen);
            return 0;
        }
        AtomicInteger outcome = new AtomicInteger(BarrierState.WAITING);
        boolean ended;
        try {
            ended = until(() -> outcome.updateAndGet(o -> update(BarrierState.check(gen)))
                    != BarrierState.WAITING, nanos);
        } catch (InterruptedException e) {
            update(BarrierState.breakRound(gen));
            throw e;
        }
        if (!ended) {
            update(BarrierState.breakRound(gen));
            if (update(BarrierState.check(gen)) == 0) {
                return index; // tripped just before the break
            }
            throw new TimeoutException("barrier " + key + " timed out after " + Duration.ofNanos(nanos));
        }
        if (outcome.get() == BarrierState.BROKEN) {
            throw new BrokenBarrierException();
        }
        return index;
    }

    /** Arrives, first waiting out a round whose last party runs the action (a party beyond the count). */
    private long arriveWhenRoom(long nanos) throws InterruptedException, TimeoutException {
        long[] arrival = new long[1];
        boolean arrived = until(() -> (arrival[0] = update(BarrierState.arrive(self(), action != null)))
                != BarrierState.FULL, nanos);
        if (!arrived) {
            throw new TimeoutException("barrier " + key + ": its last party's action did not end in time");
        }
        return arrival[0];
    }

    private void runActionAndTrip(int gen) {
        if (action == null) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            update(BarrierState.breakRound(gen));
            throw e;
        }
        update(BarrierState.trip(gen));
    }

    @Override
    public void reset() {
        update(BarrierState.reset());
    }

    @Override
    public void abort() {
        update(BarrierState.abort());
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int numberWaiting() {
        BarrierState s = update(BarrierState.read());
        return s.broken() ? 0 : s.waiting().size();
    }

    @Override
    public boolean isBroken() {
        return update(BarrierState.read()).broken();
    }
}
