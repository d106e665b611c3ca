package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A barrier's round: the parties waiting in generation {@code generation}, whether it is broken, and the
 * latest generation that broke ({@code brokenUpTo}), so that a waiter of an old generation learns whether its
 * round tripped or broke. A waiter that leaves the cluster breaks the round.
 */
record BarrierState(int parties, int generation, List<String> waiting, boolean broken, int brokenUpTo)
        implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What {@link #arrive} and {@link #check} return for a broken round. */
    static final int BROKEN = -1;
    /** What {@link #check} returns while the round is still open. */
    static final int WAITING = -2;
    /** What {@link #arrive} returns while every party has arrived and the last one runs the action. */
    static final int FULL = -3;

    BarrierState {
        waiting = List.copyOf(waiting);
    }

    @Override
    public State reap(String deadEndpoint) {
        return waiting.contains(deadEndpoint) ? broke() : this;
    }

    private BarrierState broke() {
        return new BarrierState(parties, generation, List.of(), true, generation);
    }

    static Op<Void> create(int parties) {
        return cell -> {
            cell.set(new BarrierState(parties, 0, List.of(), false, -1));
            return null;
        };
    }

    /**
     * Arrives; the result packs the arrival index (high 32 bits) and the generation waited for (low 32
     * bits), or is {@link #BROKEN}, or {@link #FULL} while the last party runs the action. With
     * {@code holdTrip} the last party does not start the next generation: it counts itself among the waiting
     * (so that its leaving the cluster breaks the round), runs the action, then calls {@link #trip}.
     */
    static Op<Long> arrive(String me, boolean holdTrip) {
        return cell -> {
            BarrierState s = (BarrierState) cell.get();
            if (s.broken) {
                return (long) BROKEN;
            }
            int index = s.parties - 1 - s.waiting.size();
            if (index < 0) {
                return (long) FULL;
            }
            if (index == 0 && !holdTrip) {
                cell.set(new BarrierState(s.parties, s.generation + 1, List.of(), false, s.brokenUpTo));
            } else {
                List<String> w = new ArrayList<>(s.waiting);
                w.add(me);
                cell.set(new BarrierState(s.parties, s.generation, w, false, s.brokenUpTo));
            }
            return ((long) index << 32) | s.generation;
        };
    }

    /** How generation {@code gen} ended: 0 tripped, {@link #BROKEN}, or {@link #WAITING}. */
    static Op<Integer> check(int gen) {
        return cell -> {
            BarrierState s = (BarrierState) cell.get();
            if (s.brokenUpTo >= gen) {
                return BROKEN;
            }
            return s.generation > gen ? 0 : WAITING;
        };
    }

    /** Starts the next generation after the action of generation {@code gen} ran, unless the round ended meanwhile. */
    static Op<Void> trip(int gen) {
        return cell -> {
            BarrierState s = (BarrierState) cell.get();
            if (s.generation == gen && !s.broken) {
                cell.set(new BarrierState(s.parties, s.generation + 1, List.of(), false, s.brokenUpTo));
            }
            return null;
        };
    }

    /** Breaks the round of generation {@code gen} if it is still open (a timeout, an interrupt, abort). */
    static Op<Void> breakRound(int gen) {
        return cell -> {
            BarrierState s = (BarrierState) cell.get();
            if (s.generation == gen && !s.broken) {
                cell.set(s.broke());
            }
            return null;
        };
    }

    static Op<Void> abort() {
        return cell -> {
            cell.set(((BarrierState) cell.get()).broke());
            return null;
        };
    }

    /** Breaks the open round, if any, and starts a clean one. */
    static Op<Void> reset() {
        return cell -> {
            BarrierState s = (BarrierState) cell.get();
            int brokenUpTo = s.broken || !s.waiting.isEmpty() ? s.generation : s.brokenUpTo;
            cell.set(new BarrierState(s.parties, s.generation + 1, List.of(), false, brokenUpTo));
            return null;
        };
    }

    static Op<BarrierState> read() {
        return cell -> (BarrierState) cell.get();
    }
}
