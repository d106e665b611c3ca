package dev.multiproc.cluster.internal.store;

import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Bells;
import dev.multiproc.internal.engine.Waitable;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wake-ups for the waiters of one key in this JVM: the backend calls {@link #changed()} when the key changes
 * while somebody waits on it. A waiter announces itself ({@link Presence#arrive()}) only after a first failed
 * try, so that an uncontended key costs no notification traffic at all. Waiters also re-check every
 * {@link #SLICE_MILLIS}, so a notification lost in a fail-over costs a slice, not a hang.
 */
public final class Watch {
    /** The longest a waiter sleeps without re-checking. */
    public static final long SLICE_MILLIS = 200;

    /** How a waiter tells the key's owner that changes must be notified while it waits. */
    public interface Presence {
        /** One more waiter of this JVM; returns once the owner knows (and this JVM listens). */
        void arrive();

        /** One waiter fewer; may return before the owner knows (a late leave costs a needless wake-up). */
        void leave();

        /**
         * Called at every slice of a wait: a presence whose announcement may be lost without its knowing (one
         * that is made once and kept) makes it again now and then; the others do nothing.
         */
        default void renew() {
        }
    }

    private final Presence presence;
    private final Bells bells = new Bells();
    private long version;

    public Watch(Presence presence) {
        this.presence = presence;
    }

    /** Wakes every waiter of this JVM. */
    public void changed() {
        synchronized (this) {
            version++;
            notifyAll();
        }
        bells.ring();
    }

    /**
     * Rings {@code bell} on every change until the returned watch is closed (a {@code waitForAny}); announced
     * as a waiter meanwhile, so that changes are notified.
     */
    public Waitable.Watching ring(Bell bell) {
        presence.arrive();
        Waitable.Watching watching = bells.add(bell);
        return () -> {
            watching.close();
            presence.leave();
        };
    }

    /** How many notifications this JVM has received for the key: for tests. */
    public synchronized long version() {
        return version;
    }

    /**
     * Tries {@code attempt} until it succeeds or {@code nanos} pass, waiting for a change between tries. An
     * attempt that succeeds at once costs nothing more: the waiter announces itself only after a failed one.
     * The tries' calls that may be abandoned give up at the deadline plus {@link Deadline#MARGIN_NANOS}, so a
     * timed wait returns on time even when the part of the cluster that holds the key does not answer.
     *
     * @param attempt an atomic try, e.g. an {@link Op} that takes a permit
     * @param nanos the longest wait; {@code Long.MAX_VALUE} for none
     * @return whether an attempt succeeded
     * @throws InterruptedException if interrupted on entry (as java.util.concurrent's waits) or while waiting
     *         (never after a successful attempt)
     */
    public boolean until(BooleanSupplier attempt, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, nanos);
        if (Deadline.within(deadline, attempt)) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        try {
            // announced before the next try: a change after that try is notified, one before it is seen by it
            if (!Deadline.within(deadline, () -> {
                presence.arrive();
                return true;
            })) {
                return false;
            }
            while (true) {
                long seen;
                synchronized (this) {
                    seen = version;
                }
                if (Deadline.within(deadline, attempt)) {
                    return true;
                }
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Deadline.within(deadline, () -> {
                    presence.renew();
                    return true;
                });
                await(seen, Math.min(left, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)));
            }
        } finally {
            presence.leave();
        }
    }

    private synchronized void await(long seen, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long end = System.nanoTime() + nanos;
        while (version == seen) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
