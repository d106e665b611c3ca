package dev.multiproc.cluster.internal.store;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wake-ups for the waiters of one key in this JVM: the backend calls {@link #changed()} on every change.
 * Waiters also re-check every {@link #SLICE_MILLIS}, so a notification lost in a fail-over costs a slice, not
 * a hang.
 */
public final class Watch {
    /** The longest a waiter sleeps without re-checking. */
    public static final long SLICE_MILLIS = 200;

    private long version;

    /** Wakes every waiter of this JVM. */
    public synchronized void changed() {
        version++;
        notifyAll();
    }

    /**
     * Tries {@code attempt} until it succeeds or {@code nanos} pass, waiting for a change between tries.
     *
     * @param attempt an atomic try, e.g. an {@link Op} that takes a permit
     * @param nanos the longest wait; {@code Long.MAX_VALUE} for none
     * @return whether an attempt succeeded
     * @throws InterruptedException if interrupted while waiting (never after a successful attempt)
     */
    public boolean until(BooleanSupplier attempt, long nanos) throws InterruptedException {
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        while (true) {
            long seen;
            synchronized (this) {
                seen = version;
            }
            if (attempt.getAsBoolean()) {
                return true;
            }
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            await(seen, Math.min(left, TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)));
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
