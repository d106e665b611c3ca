package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition's waiters, oldest first: a waiter enters a ticket before it releases the lock, a signal marks
 * the oldest unmarked tickets, and the waiter leaves with its ticket. A dead waiter's ticket is removed, and
 * a signal it had not consumed passes to the next waiter: no signal is lost to a dead JVM.
 */
record ConditionState(List<Ticket> tickets) implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    record Ticket(long id, String endpoint, boolean signalled) implements java.io.Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    ConditionState {
        tickets = List.copyOf(tickets);
    }

    static ConditionState of(Op.Cell cell) {
        return cell.get() instanceof ConditionState s ? s : new ConditionState(List.of());
    }

    @Override
    public State reap(String deadEndpoint) {
        List<Ticket> left = new ArrayList<>();
        int lost = 0;
        for (Ticket t : tickets) {
            if (t.endpoint().equals(deadEndpoint)) {
                lost += t.signalled() ? 1 : 0;
            } else {
                left.add(t);
            }
        }
        return left.size() == tickets.size() ? this : new ConditionState(signalled(left, lost));
    }

    private static List<Ticket> signalled(List<Ticket> tickets, int n) {
        List<Ticket> out = new ArrayList<>(tickets.size());
        for (Ticket t : tickets) {
            if (n > 0 && !t.signalled()) {
                out.add(new Ticket(t.id(), t.endpoint(), true));
                n--;
            } else {
                out.add(t);
            }
        }
        return out;
    }

    static Op<Void> enter(long id, String endpoint) {
        return cell -> {
            List<Ticket> t = new ArrayList<>(of(cell).tickets());
            t.add(new Ticket(id, endpoint, false));
            cell.set(new ConditionState(t));
            return null;
        };
    }

    /** Marks the {@code n} oldest unmarked tickets; without waiters, nothing is written (and nobody woken). */
    static Op<Void> signal(int n) {
        return cell -> {
            List<Ticket> tickets = of(cell).tickets();
            List<Ticket> after = signalled(tickets, n);
            if (!after.equals(tickets)) {
                cell.set(new ConditionState(after));
            }
            return null;
        };
    }

    /** Whether ticket {@code id} was signalled. */
    static Op<Boolean> isSignalled(long id) {
        return cell -> of(cell).tickets().stream().anyMatch(t -> t.id() == id && t.signalled());
    }

    /** Removes ticket {@code id}; the result says whether it had been signalled. */
    static Op<Boolean> leave(long id) {
        return cell -> {
            ConditionState s = of(cell);
            List<Ticket> left = new ArrayList<>(s.tickets());
            boolean signalled = left.removeIf(t -> t.id() == id && t.signalled());
            left.removeIf(t -> t.id() == id);
            cell.set(left.isEmpty() ? null : new ConditionState(left));
            return signalled;
        };
    }
}
