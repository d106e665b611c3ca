package dev.multiproc.cluster.internal.sync;

import dev.multiproc.Event;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.time.Duration;

/**
 * An event on a cluster: a flag in one entry, with the count of times it was set, so that a waiter is
 * released by a {@code set()} even when a {@code clear()} follows before it looks again (as in Python and
 * the local engines). Waiters wake on the entry's change notifications.
 */
public final class ClusterEvent extends Handle implements Event {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The flag, and how many times it went from clear to set. */
    private record Flag(boolean set, long sets) implements State {
        @Serial
        private static final long serialVersionUID = 1L;

        static final Flag CLEAR = new Flag(false, 0);

        static Flag of(Op.Cell cell) {
            return cell.get() instanceof Flag f ? f : CLEAR;
        }
    }

    public ClusterEvent(Grid.Ref ref, String key) {
        super(ref, key);
    }

    private static Op<Void> put(boolean set) {
        return cell -> {
            Flag f = Flag.of(cell);
            if (f.set != set) { // no write when nothing changes: no waiter is woken for nothing
                cell.set(new Flag(set, set ? f.sets + 1 : f.sets));
            }
            return null;
        };
    }

    private static Op<Flag> read() {
        return Flag::of;
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
        return update(read()).set();
    }

    @Override
    public void await() throws InterruptedException {
        await(Long.MAX_VALUE);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos());
    }

    /** Returns once the flag is set, or was set since this wait began. */
    private boolean await(long nanos) throws InterruptedException {
        long[] setsAtStart = {-1};
        return until(() -> {
            Flag f = tryUpdate(read(), null);
            if (f.set()) {
                return true;
            }
            if (setsAtStart[0] < 0) {
                setsAtStart[0] = f.sets();
                return false;
            }
            return f.sets() != setsAtStart[0];
        }, nanos);
    }
}
