package dev.multiproc.cluster.internal.sync;

import dev.multiproc.RLock;
import dev.multiproc.cluster.internal.Grid;

import java.io.Serial;

/**
 * A reentrant lock on a cluster, owned by one thread of one JVM; see {@link ClusterLock} for what happens
 * when the owner dies and for the AP caveat.
 *
 * <p>Built on the same entry-processor state as {@link ClusterLock} rather than on {@code IMap.lock}, so
 * that a condition can release and retake every hold, and a taken-over lock can say
 * {@link #previousOwnerDied()} (see docs/decisions.md).
 */
public final class ClusterRLock extends ClusterLock implements RLock {
    @Serial
    private static final long serialVersionUID = 1L;

    public ClusterRLock(Grid.Ref ref, String key) {
        super(ref, key);
    }

    @Override
    boolean reentrant() {
        return true;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return state().isHeldBy(self(), Thread.currentThread().threadId());
    }

    @Override
    public int holdCount() {
        MutexState s = state();
        return s.isHeldBy(self(), Thread.currentThread().threadId()) ? s.count() : 0;
    }
}
