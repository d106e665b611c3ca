package dev.multiproc.cluster.internal.store;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry: a primitive's state, the waiters by endpoint (waiting threads per JVM), whether this version
 * must be notified to them, and the latest updates that changed it, with their results (so that an update
 * sent again after a member died is answered, not applied twice).
 */
record Slot(State state, Map<String, Integer> waiters, boolean wake, List<Done> done) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** How many recent updates a slot remembers, to answer one sent again after a member died. */
    static final int REMEMBERED = 32;

    static final Slot EMPTY = new Slot(null, Map.of(), false, List.of());

    Slot {
        waiters = Map.copyOf(waiters);
    }

    static Slot of(Map.Entry<String, Slot> entry) {
        Slot s = entry.getValue();
        return s == null ? EMPTY : s;
    }

    /** The slot with a new state; it wakes the waiters if there are any. */
    Slot with(State next) {
        return new Slot(next, waiters, !waiters.isEmpty(), done);
    }

    /** The slot with {@code delta} more waiters of {@code endpoint}; wakes nobody. */
    Slot count(String endpoint, int delta) {
        Map<String, Integer> w = new HashMap<>(waiters);
        w.merge(endpoint, delta, (a, b) -> a + b > 0 ? a + b : null);
        return new Slot(state, w, false, done);
    }

    /** The slot that remembers one more update's result, forgetting the oldest beyond {@link #REMEMBERED}. */
    Slot remember(Done update) {
        List<Done> d = new ArrayList<>(done.size() < REMEMBERED ? done : done.subList(1, done.size()));
        d.add(update);
        return new Slot(state, waiters, wake, List.copyOf(d));
    }

    /** The update's record if it was applied here already, else {@code null}. */
    Done find(String endpoint, long request) {
        for (Done d : done) {
            if (d.request() == request && d.endpoint().equals(endpoint)) {
                return d;
            }
        }
        return null;
    }

    /** Writes this slot, or removes the entry when it holds nothing (a lost update record is harmless). */
    void store(Map.Entry<String, Slot> entry) {
        entry.setValue(state == null && waiters.isEmpty() ? null : this);
    }

    /** An update that changed a slot: who sent it, its number there, and what it returned. */
    record Done(String endpoint, long request, Object result) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }
}
