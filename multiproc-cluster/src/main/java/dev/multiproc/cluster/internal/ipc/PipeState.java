package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.util.HashMap;
import java.util.Map;

/**
 * Who holds a pipe's two ends: per end, the endpoints (JVMs) that hold it and how, and the copies each has in
 * transit; an end is closed for its peer when no endpoint holds it and none has a copy in transit (the rules of
 * {@code Connection}'s javadoc). An endpoint that leaves the cluster holds nothing.
 *
 * @param left the holds of the left end (side 0), by endpoint
 * @param right the holds of the right end (side 1), by endpoint
 */
record PipeState(Map<String, Hold> left, Map<String, Hold> right) implements State {
    @Serial
    private static final long serialVersionUID = 2L;

    /** One endpoint's hold on one end: provisional (its creator's, not used yet) or firm, and copies in transit. */
    record Hold(boolean holds, boolean firm, int inTransit) implements java.io.Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final Hold NONE = new Hold(false, false, 0);

        boolean empty() {
            return !holds && inTransit == 0;
        }
    }

    private Map<String, Hold> side(int side) {
        return side == 0 ? left : right;
    }

    private PipeState with(int side, Map<String, Hold> holds) {
        return side == 0 ? new PipeState(holds, right) : new PipeState(left, holds);
    }

    @Override
    public State reap(String dead) {
        if (!left.containsKey(dead) && !right.containsKey(dead)) {
            return this;
        }
        Map<String, Hold> l = new HashMap<>(left), r = new HashMap<>(right);
        l.remove(dead);
        r.remove(dead);
        return new PipeState(l, r);
    }

    /** Whether some endpoint holds {@code side}'s end, or has a copy of it in transit. */
    boolean held(int side) {
        return !side(side).isEmpty();
    }

    /** The hold of {@code endpoint} on {@code side}'s end. */
    Hold holdOf(int side, String endpoint) {
        return side(side).getOrDefault(endpoint, Hold.NONE);
    }

    /** A change of one hold, carried by an op: serializable. */
    interface HoldChange extends java.util.function.UnaryOperator<Hold>, java.io.Serializable {
    }

    /** Changes one endpoint's hold; an empty hold is removed. */
    private static Op<PipeState> change(int side, String endpoint, HoldChange f) {
        return cell -> {
            PipeState s = (PipeState) cell.get();
            Map<String, Hold> holds = new HashMap<>(s.side(side));
            Hold h = f.apply(holds.getOrDefault(endpoint, Hold.NONE));
            if (h.empty()) {
                holds.remove(endpoint);
            } else {
                holds.put(endpoint, h);
            }
            PipeState next = s.with(side, holds);
            cell.set(next);
            return next;
        };
    }

    /** A new pipe: its creator holds both ends provisionally. */
    static Op<Void> create(String creator) {
        return cell -> {
            Hold provisional = new Hold(true, false, 0);
            cell.set(new PipeState(Map.of(creator, provisional), Map.of(creator, provisional)));
            return null;
        };
    }

    /** {@code endpoint} uses the end: its hold is firm from now on. */
    static Op<PipeState> use(int side, String endpoint) {
        return change(side, endpoint, h -> new Hold(true, true, h.inTransit()));
    }

    /** {@code endpoint} closes the end: its hold ends; its copies in transit stay counted. */
    static Op<PipeState> close(int side, String endpoint) {
        return change(side, endpoint, h -> new Hold(false, false, h.inTransit()));
    }

    /** {@code endpoint} serialized the end: one more copy in transit. */
    static Op<PipeState> sent(int side, String endpoint) {
        return change(side, endpoint, h -> new Hold(h.holds(), h.firm(), h.inTransit() + 1));
    }

    /** A copy {@code endpoint} had in transit was received, or will never be: one copy less (never below 0). */
    static Op<PipeState> settled(int side, String endpoint) {
        return change(side, endpoint, h -> new Hold(h.holds(), h.firm(), Math.max(0, h.inTransit() - 1)));
    }

    /**
     * {@code receiver} deserialized a copy that {@code sender} serialized: the receiver holds the end firmly,
     * and the sender's copy is no longer in transit.
     */
    static Op<PipeState> received(int side, String receiver, String sender) {
        return cell -> {
            use(side, receiver).apply(cell);
            return settled(side, sender).apply(cell);
        };
    }

    /** The end went alone to a worker being started: its creator's provisional hold ends. */
    static Op<PipeState> givenAway(int side) {
        return cell -> {
            PipeState s = (PipeState) cell.get();
            Map<String, Hold> holds = new HashMap<>(s.side(side));
            holds.replaceAll((e, h) -> h.holds() && !h.firm() ? new Hold(false, false, h.inTransit()) : h);
            holds.values().removeIf(Hold::empty);
            PipeState next = s.with(side, holds);
            cell.set(next);
            return next;
        };
    }

    static Op<PipeState> read() {
        return cell -> (PipeState) cell.get();
    }
}
