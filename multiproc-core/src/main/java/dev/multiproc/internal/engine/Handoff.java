package dev.multiproc.internal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What handles do while they are serialized, for the caller that knows where the bytes go. A pipe end that
 * is serialized keeps itself open for its receiver (a {@link Transit}); the code that serializes decides,
 * once it knows, whether the bytes travel (the receiver takes over when it deserializes them), go to a
 * process it has just started ({@link #grant}: that process holds the end from now on, even if it dies
 * before reading its task), or never leave ({@link #cancel}: the encoding failed, or a bounded queue refused
 * the message).
 *
 * <p>Scopes nest per thread: {@link #open} starts one, and {@link #close} ends it, passing what it
 * recorded to the enclosing scope (unless cancelled or granted). What reaches no scope stays in transit.
 * Not thread-safe: a scope belongs to the thread that opened it.
 */
public final class Handoff implements AutoCloseable {
    private static final ThreadLocal<Handoff> CURRENT = new ThreadLocal<>();

    /** A hold a serialized handle took for its receiver. */
    public interface Transit {
        /**
         * The bytes went to the process {@code pid}, which holds the handle from now on.
         *
         * @param givenAway whether the other end of its pipe stayed here: this end was given away, and the
         *        creator's provisional hold on it ends
         */
        void grant(long pid, boolean givenAway);

        /** The bytes never leave this process: undo the hold. */
        void cancel();

        /** What identifies the handle: equal for every copy of it. */
        Object handle();

        /** The handle of the other end of its pipe. */
        Object partner();
    }

    private final Handoff outer;
    private final boolean grants;
    private List<Transit> transits = List.of();
    private boolean settled;

    private Handoff(Handoff outer, boolean grants) {
        this.outer = outer;
        this.grants = grants;
    }

    /**
     * Starts a scope on this thread.
     *
     * @param grants whether the bytes will be handed to a process named by {@link #grant}, so that a
     *        receiver must not also settle the transit when it deserializes them
     * @return the scope, to close in a {@code finally}
     */
    public static Handoff open(boolean grants) {
        Handoff outer = CURRENT.get();
        Handoff h = new Handoff(outer, grants || (outer != null && outer.grants));
        CURRENT.set(h);
        return h;
    }

    /** Records a transit in this thread's scope; outside any scope it simply stays in transit. */
    public static void record(Transit t) {
        Handoff h = CURRENT.get();
        if (h != null) {
            if (h.transits.isEmpty()) {
                h.transits = new ArrayList<>(2);
            }
            h.transits.add(t);
        }
    }

    /** Whether what is serialized now on this thread will be granted to a process rather than received. */
    public static boolean grantsOnArrival() {
        Handoff h = CURRENT.get();
        return h != null && h.grants;
    }

    /**
     * The bytes went to process {@code pid}, a worker being started: every transit of this scope becomes that
     * process's hold, and a pipe end that went without its other end is given away.
     */
    public void grant(long pid) {
        settled = true;
        java.util.Set<Object> handles = new java.util.HashSet<>();
        transits.forEach(t -> handles.add(t.handle()));
        transits.forEach(t -> t.grant(pid, !handles.contains(t.partner())));
    }

    /** Whether a handle recorded a transit in this scope. */
    public boolean hasTransits() {
        return !transits.isEmpty();
    }

    /** The bytes will not be sent: every transit of this scope is undone. */
    public void cancel() {
        settled = true;
        transits.forEach(Transit::cancel);
    }

    /** Ends the scope; unsettled transits go to the enclosing scope, or stay in transit. */
    @Override
    public void close() {
        CURRENT.set(outer);
        if (!settled && outer != null && !transits.isEmpty()) {
            if (outer.transits.isEmpty()) {
                outer.transits = new ArrayList<>(transits.size());
            }
            outer.transits.addAll(transits);
        }
    }
}
