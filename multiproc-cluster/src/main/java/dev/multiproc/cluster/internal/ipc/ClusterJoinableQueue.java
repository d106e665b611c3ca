package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.JoinableQueue;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;

/**
 * A joinable queue on a cluster: a queue plus a count of unfinished items in one entry; {@link #join()}
 * waits on that entry's notifications.
 *
 * @param <T> the item type
 */
public final class ClusterJoinableQueue<T> extends ClusterQueue<T> implements JoinableQueue<T> {
    @Serial
    private static final long serialVersionUID = 1L;

    private record Unfinished(long count) implements State {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    public ClusterJoinableQueue(Grid.Ref ref, String name) {
        super(ref, name, Integer.MAX_VALUE);
    }

    private String counter() {
        return key + "/unfinished";
    }

    /** Adds {@code delta} unless the count would go below 0; the new count, or -1 when refused. */
    private static Op<Long> add(long delta) {
        return cell -> {
            long now = cell.get() instanceof Unfinished u ? u.count() : 0;
            if (now + delta < 0) {
                return -1L;
            }
            cell.set(now + delta == 0 ? null : new Unfinished(now + delta));
            return now + delta;
        };
    }

    @Override
    void counted(long delta) {
        store().update(counter(), add(delta));
    }

    @Override
    public void taskDone() {
        if (store().update(counter(), add(-1)) < 0) {
            throw new IllegalStateException("taskDone() called more times than there were items");
        }
    }

    /** The count, read without writing: a write would notify every watcher and wake this one again. */
    private static Op<Long> count() {
        return cell -> cell.get() instanceof Unfinished u ? u.count() : 0L;
    }

    @Override
    public void join() throws InterruptedException {
        store().watch(counter()).until(() -> store().update(counter(), count()) == 0, Long.MAX_VALUE);
    }
}
