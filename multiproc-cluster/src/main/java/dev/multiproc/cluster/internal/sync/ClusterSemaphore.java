package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Semaphore;
import dev.multiproc.cluster.internal.Grid;

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

    public ClusterSemaphore(Grid.Ref ref, String key, int permits, boolean bounded) {
        super(ref, key);
        update(SemaphoreState.create(permits, bounded ? permits : -1));
    }

    @Override
    public void acquire() throws InterruptedException {
        until(this::tryAcquire, Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        boolean taken = update(SemaphoreState.acquire(self()));
        if (taken) {
            HELD_HERE.add(this);
        }
        return taken;
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
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return until(this::tryAcquire, timeout.toNanos());
    }

    @Override
    public void release() {
        if (update(SemaphoreState.release(self())) == SemaphoreState.FULL) {
            throw new IllegalStateException("bounded semaphore released too many times: " + key);
        }
    }

    @Override
    public int availablePermits() {
        return update(SemaphoreState.available());
    }
}
