package dev.multiproc.internal.engine;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bells watching one object of this JVM, for objects whose changes happen here (a thread engine's
 * queue, a cluster queue's local notifications). Costs one read per change while nobody watches.
 */
public final class Bells {
    private final CopyOnWriteArrayList<Bell> bells = new CopyOnWriteArrayList<>();

    /** Rings {@code bell} on every {@link #ring()} until the returned watch is closed. */
    public Waitable.Watching add(Bell bell) {
        bells.add(bell);
        return () -> bells.remove(bell);
    }

    /** Rings every watching bell. */
    public void ring() {
        if (!bells.isEmpty()) {
            bells.forEach(Bell::ring);
        }
    }
}
