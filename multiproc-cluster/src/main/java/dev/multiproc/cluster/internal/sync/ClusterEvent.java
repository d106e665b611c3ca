package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Event;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.time.Duration;

/** An event on a cluster: a flag in one entry; waiters wake on the entry's change notifications. */
public final class ClusterEvent extends Handle implements Event {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The set flag; absent means clear. */
    private record Flag() implements State {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    public ClusterEvent(Grid.Ref ref, String key) {
        super(ref, key);
    }

    private static Op<Void> put(boolean set) {
        return cell -> {
            cell.set(set ? new Flag() : null);
            return null;
        };
    }

    private static Op<Boolean> read() {
        return cell -> cell.get() != null;
    }

    @Override
    public void set() {
        update(put(true));
    }

    @Override
    public void clear() {
        update(put(false));
    }

    @Override
    public boolean isSet() {
        return update(read());
    }

    @Override
    public void await() throws InterruptedException {
        until(this::isSet, Long.MAX_VALUE);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return until(this::isSet, timeout.toNanos());
    }
}
