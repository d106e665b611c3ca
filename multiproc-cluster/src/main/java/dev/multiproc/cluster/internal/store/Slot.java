package dev.multiproc.cluster.internal.store;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry: a primitive's state, the waiters by endpoint (waiting threads per JVM), whether this version
 * must be notified to them, and each endpoint's latest updates that changed it, with their results (so that an
 * update sent again after a member died, or after its backup did not answer, is answered, not applied twice).
 */
record Slot(State state, Map<String, Integer> waiters, boolean wake, List<Done> done) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * How many of one endpoint's updates a slot remembers at most, to answer one sent again. An endpoint also
     * says which of its updates of the key it has settled, and those are forgotten at once: the bound only
     * matters while one of them stays unsettled (sent again during a network split) and the endpoint's other
     * threads go on updating the key.
     */
    static final int REMEMBERED = 64;

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
     * The slot that remembers one more update's result; it forgets its endpoint's updates numbered below
     * {@code settledBelow} (answered, and not to be sent again) and that endpoint's oldest beyond
     * {@link #REMEMBERED}.
     */
    Slot remember(Done update, long settledBelow) {
        List<Done> d = new ArrayList<>(done.size() + 1);
        int mine = 0;
        for (Done each : done) {
            boolean same = each.endpoint().equals(update.endpoint());
            if (!same || each.request() >= settledBelow) {
                d.add(each);
                mine += same ? 1 : 0;
            }
        }
        if (mine >= REMEMBERED) {
            for (int i = 0; i < d.size(); i++) {
                if (d.get(i).endpoint().equals(update.endpoint())) {
                    d.remove(i); // the oldest: records are kept in the order they were made
                    break;
                }
            }
        }
        d.add(update);
        return new Slot(state, waiters, wake, List.copyOf(d));
    }

    /** The slot without the records of an endpoint that left: it sends nothing again. */
    Slot forget(String endpoint) {
        List<Done> d = done.stream().filter(each -> !each.endpoint().equals(endpoint)).toList();
        return d.size() == done.size() ? this : new Slot(state, waiters, wake, d);
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
