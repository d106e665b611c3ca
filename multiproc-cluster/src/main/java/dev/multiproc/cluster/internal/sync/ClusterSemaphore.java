package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Semaphore;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Deadline;
import dev.multiproc.internal.engine.Require;

import java.io.Serial;
import java.time.Duration;

/**
 * A semaphore on a cluster (Hazelcast CE's {@code ISemaphore} is Enterprise-only): permits and holders in one
 * entry; the permits of a JVM that leaves the cluster come back, unless its worker's task ended normally. AP:
 * see {@link ClusterLock}.
 */
public final class ClusterSemaphore extends Handle implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final java.util.Set<ClusterSemaphore> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final int bound; // -1: unbounded

    public ClusterSemaphore(Grid.Ref ref, String key, int permits, boolean bounded) {
        super(ref, key);
        this.bound = bounded ? permits : -1;
        update(SemaphoreState.create(permits, bound));
    }

    @Override
    public void acquire() throws InterruptedException {
        take(1, Long.MAX_VALUE);
    }

    @Override
    public void acquire(int n) throws InterruptedException {
        Require.permits(n, bound);
        take(n, Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        return Deadline.now(() -> takeNow(1, false));
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(1, timeout.toNanos());
    }

    @Override
    public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
        Require.permits(n, bound);
        return take(n, timeout.toNanos());
    }

    /** Waits for {@code n} permits; a waiter for several claims them (see {@link SemaphoreState}) while it waits. */
    private boolean take(int n, long nanos) throws InterruptedException {
        boolean claims = n > 1;
        boolean taken = false;
        try {
            taken = until(() -> takeNow(n, claims), nanos);
            return taken;
        } finally {
            if (claims && !taken) {
                update(SemaphoreState.unclaim(waiter())); // a take that succeeds drops its claim itself
            }
        }
    }

    private boolean takeNow(int n, boolean claim) {
        String me = self();
        boolean taken = tryUpdate(SemaphoreState.acquire(me, waiter(), n, claim),
                took -> took ? SemaphoreState.release(me, n) : null); // landed after its wait gave up: given back
        if (taken) {
            HELD_HERE.add(this);
        }
        return taken;
    }

    /** This thread, as a claim names it: the endpoint first, so that the claim goes with its JVM. */
    private String waiter() {
        return self() + " " + Thread.currentThread().threadId();
    }

    /**
     * This JVM's task ended normally: the permits it took stay taken, as in Python (a permit may be a signal it
     * consumed); only a JVM that leaves the cluster otherwise gives its permits back.
     */
    public static void handOverHeldPermits() {
        for (ClusterSemaphore s : HELD_HERE) {
            try {
                s.update(SemaphoreState.handOver(s.self()));
            } catch (RuntimeException e) {
                // the cluster is gone: nothing is left to hand over to
            }
        }
        HELD_HERE.clear();
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(int n) {
        Require.permits(n, -1);
        if (update(SemaphoreState.release(self(), n)) == SemaphoreState.FULL) {
            throw new IllegalStateException("bounded semaphore released too many times: " + key);
        }
    }

    @Override
    public int availablePermits() {
        return update(SemaphoreState.available());
    }
}
