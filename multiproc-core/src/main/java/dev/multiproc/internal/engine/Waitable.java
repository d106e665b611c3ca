package dev.multiproc.internal.engine;

/**
 * A connection or queue that {@code Context.waitForAny} can wait on without a thread of its own: it rings a
 * {@link Bell} when it may have become ready (an item or message arrived, the other end of a pipe closed).
 * Readiness itself is read through the public API ({@code isEmpty()}, {@code poll(Duration.ZERO)}).
 */
public interface Waitable {

    /**
     * Rings {@code bell} on every change that may make this object ready, until the returned watch is closed.
     * A change before this call need not ring it: the caller checks readiness after watching.
     *
     * @param bell the waiter's bell
     * @return what stops the watching; closing it never throws
     */
    Watching watch(Bell bell);

    /** Stops a {@link #watch}. */
    @FunctionalInterface
    interface Watching extends AutoCloseable {
        @Override
        void close();
    }
}
