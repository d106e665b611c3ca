package dev.multiproc.cluster.internal.store;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * This JVM's updates of each key that are not settled yet (sent, and maybe to be sent again), so that every
 * update can tell the key's slot which of this JVM's earlier ones it may forget: all below the lowest open one.
 */
final class OpenUpdates {
    private final Map<String, NavigableSet<Long>> byKey = new ConcurrentHashMap<>();

    /**
     * Opens {@code request} on {@code key}.
     *
     * @return the lowest request still open on the key, this one included: the slot may forget the others
     */
    long add(String key, long request) {
        NavigableSet<Long> open = byKey.compute(key, (k, set) -> {
            NavigableSet<Long> s = set == null ? new ConcurrentSkipListSet<>() : set;
            s.add(request);
            return s;
        });
        return open.first(); // this request is in the set until it is removed: never empty here
    }

    /** Closes {@code request} on {@code key}: answered, and never sent again. */
    void remove(String key, long request) {
        byKey.computeIfPresent(key, (k, set) -> {
            set.remove(request);
            return set.isEmpty() ? null : set;
        });
    }
}
