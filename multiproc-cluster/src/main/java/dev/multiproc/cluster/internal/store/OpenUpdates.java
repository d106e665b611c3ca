package dev.multiproc.cluster.internal.store;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This JVM's updates of each key that are not settled yet (sent, and maybe to be sent again), so that every
 * update can tell the key's slot which of this JVM's earlier ones it may forget: those numbered below it that are
 * not open.
 */
final class OpenUpdates {
    private final AtomicLong numbers = new AtomicLong();
    private final Map<String, NavigableSet<Long>> byKey = new ConcurrentHashMap<>();

    /** A new update's number, and the numbers open on its key when it was made, its own included (sorted). */
    record Opened(long request, long[] open) {
    }

    /**
     * Numbers a new update of {@code key} and opens it. The number is taken under the key's entry, so an update
     * numbered below another on the same key is in that one's open set unless it was settled before.
     */
    Opened open(String key) {
        Opened[] made = new Opened[1];
        byKey.compute(key, (k, set) -> {
            NavigableSet<Long> s = set == null ? new ConcurrentSkipListSet<>() : set;
            long n = numbers.incrementAndGet();
            s.add(n);
            made[0] = new Opened(n, s.stream().mapToLong(Long::longValue).toArray());
            return s;
        });
        return made[0];
    }

    /** Closes {@code request} on {@code key}: answered, or given up, and never sent again. */
    void close(String key, long request) {
        byKey.computeIfPresent(key, (k, set) -> {
            set.remove(request);
            return set.isEmpty() ? null : set;
        });
    }
}
