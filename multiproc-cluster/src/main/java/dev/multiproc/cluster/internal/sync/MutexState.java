package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;

/**
 * A lock's state: who holds it (endpoint and thread), how often (re-entries), and whether the hold was taken
 * over from a holder that died ({@code ownerDied}; {@code orphaned} while free after such a death).
 */
record MutexState(String owner, long thread, int count, boolean ownerDied, boolean orphaned) implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    static final MutexState FREE = new MutexState(null, 0, 0, false, false);

    static MutexState of(Op.Cell cell) {
        return cell.get() instanceof MutexState s ? s : FREE;
    }

    boolean isHeldBy(String endpoint, long threadId) {
        return owner != null && owner.equals(endpoint) && thread == threadId;
    }

    @Override
    public State reap(String deadEndpoint) {
        return owner != null && owner.equals(deadEndpoint) ? new MutexState(null, 0, 0, false, true) : this;
    }

    /**
     * Takes the lock, or re-enters it; {@code false} if someone else holds it. A record, not a lambda: it
     * travels on every lock operation, and a serialized lambda costs more to decode.
     */
    record Acquire(String me, long thread, int count, boolean reentrant) implements Op<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean apply(Op.Cell cell) {
            MutexState s = of(cell);
            if (s.owner == null) {
                cell.set(new MutexState(me, thread, count, s.orphaned, false));
                return true;
            }
            if (reentrant && s.isHeldBy(me, thread)) {
                cell.set(new MutexState(me, thread, s.count + count, s.ownerDied, false));
                return true;
            }
            return false;
        }
    }

    /** Releases one hold, or every hold with {@code all}; the result is the count released, 0 if not allowed. */
    record Release(String me, long thread, boolean reentrant, boolean all) implements Op<Integer> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(Op.Cell cell) {
            MutexState s = of(cell);
            if (s.owner == null || (reentrant && !s.isHeldBy(me, thread))) {
                return 0;
            }
            int released = all ? s.count : 1;
            cell.set(s.count > released ? new MutexState(s.owner, s.thread, s.count - released, s.ownerDied, false)
                    : FREE);
            return released;
        }
    }

    static Op<Boolean> acquire(String me, long thread, int count, boolean reentrant) {
        return new Acquire(me, thread, count, reentrant);
    }

    static Op<Integer> release(String me, long thread, boolean reentrant, boolean all) {
        return new Release(me, thread, reentrant, all);
    }

    static Op<MutexState> read() {
        return MutexState::of;
    }
}
