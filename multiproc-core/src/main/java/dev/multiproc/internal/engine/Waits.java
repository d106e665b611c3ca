package dev.multiproc.internal.engine;

import dev.multiproc.Condition;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting patterns that every engine's primitives share. */
public final class Waits {
    private Waits() {
    }

    /** A wait that may be interrupted. */
    @FunctionalInterface
    public interface Interruptible {
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code wait} until it returns without being interrupted, then restores the interrupt flag if an
     * interrupt came meanwhile: the shape of {@code lock()} and {@code awaitUninterruptibly()}.
     *
     * @param wait the wait, run again after each interrupt
     */
    public static void uninterruptibly(Interruptible wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // keep waiting; the flag is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Python's {@code Condition.wait_for}: waits on {@code condition} until {@code predicate} holds or
     * {@code timeout} passes. The caller has checked that it holds the condition's lock.
     *
     * @return the predicate's last value
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitUntil(Condition condition, BooleanSupplier predicate, Duration timeout)
            throws InterruptedException {
        long remaining = timeout.toNanos();
        boolean result = predicate.getAsBoolean();
        while (!result && remaining > 0) {
            remaining = condition.awaitNanos(remaining);
            result = predicate.getAsBoolean();
        }
        return result;
    }
}
