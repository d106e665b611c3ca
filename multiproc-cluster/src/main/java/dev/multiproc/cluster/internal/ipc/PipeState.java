package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds a pipe's two ends: per end, the endpoints (JVMs) that hold it, provisionally (its creator, which
 * has not used it) or firmly, and the copies of it in transit, each by its token and its sender. An end is closed
 * for its peer when nobody holds it and no copy is in transit (the rules of {@code Connection}'s javadoc). An
 * endpoint that leaves the cluster holds nothing, and its copies in transit are gone with it.
 *
 * @param left the left end (side 0)
 * @param right the right end (side 1)
 */
record PipeState(End left, End right) implements State {
    @Serial
    private static final long serialVersionUID = 3L;

    /**
     * One end.
     *
     * @param holders endpoint to {@code true} for a firm hold, {@code false} for a provisional one
     * @param inTransit a copy's token to the endpoint that sent it
     */
    record End(Map<String, Boolean> holders, Map<String, String> inTransit) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        End {
            holders = Map.copyOf(holders);
            inTransit = Map.copyOf(inTransit);
        }

        boolean held() {
            return !holders.isEmpty() || !inTransit.isEmpty();
        }

        End reap(String dead) {
            Map<String, Boolean> h = new HashMap<>(holders);
            Map<String, String> t = new HashMap<>(inTransit);
            h.remove(dead);
            t.values().removeIf(dead::equals);
            return new End(h, t);
        }
    }

    private End end(int side) {
        return side == 0 ? left : right;
    }

    @Override
    public State reap(String dead) {
        End l = left.reap(dead), r = right.reap(dead);
        return l.equals(left) && r.equals(right) ? this : new PipeState(l, r);
    }

    /** Whether some endpoint holds {@code side}'s end, or a copy of it is in transit. */
    boolean held(int side) {
        return end(side).held();
    }

    /** A change of one end, carried by an op: serializable and deterministic. */
    private interface EndChange extends Serializable {
        void apply(Map<String, Boolean> holders, Map<String, String> inTransit);
    }

    private static Op<PipeState> change(int side, EndChange f) {
        return cell -> {
            PipeState s = (PipeState) cell.get();
            End e = s.end(side);
            Map<String, Boolean> h = new HashMap<>(e.holders());
            Map<String, String> t = new HashMap<>(e.inTransit());
            f.apply(h, t);
            End changed = new End(h, t);
            PipeState next = side == 0 ? new PipeState(changed, s.right) : new PipeState(s.left, changed);
            cell.set(next);
            return next;
        };
    }

    /** A new pipe: its creator holds both ends provisionally. */
    static Op<Void> create(String creator) {
        return cell -> {
            End provisional = new End(Map.of(creator, false), Map.of());
            cell.set(new PipeState(provisional, provisional));
            return null;
        };
    }

    /** {@code endpoint} uses the end: its hold is firm from now on. */
    static Op<PipeState> use(int side, String endpoint) {
        return change(side, (h, t) -> h.put(endpoint, true));
    }

    /** {@code endpoint} closes the end: its hold ends; copies it sent that are in transit stay. */
    static Op<PipeState> close(int side, String endpoint) {
        return change(side, (h, t) -> h.remove(endpoint));
    }

    /** {@code sender} serialized the end: the copy {@code token} is in transit, held for its receiver. */
    static Op<PipeState> sent(int side, String sender, String token) {
        return change(side, (h, t) -> t.put(token, sender));
    }

    /** {@code receiver} deserialized the copy {@code token}: it holds the end, and that copy has arrived. */
    static Op<PipeState> received(int side, String receiver, String token) {
        return change(side, (h, t) -> {
            h.put(receiver, true);
            t.remove(token);
        });
    }

    /** The copy {@code token} will never be received (or already was): no longer in transit. */
    static Op<PipeState> settled(int side, String token) {
        return change(side, (h, t) -> t.remove(token));
    }

    /** The end went alone to a worker being started: its creator's provisional hold ends. */
    static Op<PipeState> givenAway(int side) {
        return change(side, (h, t) -> h.values().removeIf(firm -> !firm));
    }

    static Op<PipeState> read() {
        return cell -> (PipeState) cell.get();
    }
}
