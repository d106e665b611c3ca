package dev.multiproc.cluster.internal.store;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry: a primitive's state, the waiters by endpoint (waiting threads per JVM), whether this version
 * must be notified to them, and each endpoint's updates that changed it and may still be sent again, with their
 * results (so that an update sent again after a member died, or after its backup did not answer, is answered, not
 * applied twice). The records of an endpoint that left stay until the key is removed: a client that comes back
 * under the same id may still send one again.
 */
record Slot(State state, Map<String, Integer> waiters, boolean wake, List<Done> done) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

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
        return with(next, true);
    }

    /** The slot with a new state; it wakes the waiters if there are any and {@code wake} says it may concern them. */
    Slot with(State next, boolean wake) {
        return new Slot(next, waiters, wake && !waiters.isEmpty(), done);
    }

    /** The slot with {@code delta} more waiters of {@code endpoint}; wakes nobody. */
    Slot count(String endpoint, int delta) {
        Map<String, Integer> w = new HashMap<>(waiters);
        w.merge(endpoint, delta, (a, b) -> a + b > 0 ? a + b : null);
        return new Slot(state, w, false, done);
    }

    /**
     * The slot that remembers one more update's result. Of its endpoint's records it keeps those numbered above
     * it (made later, their fate unknown to it) and those in {@code open} (the endpoint's updates of this key not
     * settled when it was made, sorted): the others were answered, and will not be sent again.
     */
    Slot remember(Done update, long[] open) {
        List<Done> d = new ArrayList<>(done.size() + 1);
        for (Done each : done) {
            if (!each.endpoint().equals(update.endpoint()) || each.request() > update.request()
                    || java.util.Arrays.binarySearch(open, each.request()) >= 0) {
                d.add(each);
            }
        }
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
