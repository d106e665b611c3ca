package dev.multiproc.sync;

import dev.multiproc.Worker;
import dev.multiproc.WorkerException;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for tests whose parties are workers: joining with a bound, reading a worker's failure, polling,
 * and checks that run inside a task (in a child JVM too, where only the thrown exception comes back).
 */
final class Workers {
    /** The bound on anything that should end "soon"; far above what a healthy run needs on 2 cores. */
    static final Duration LONG = Duration.ofSeconds(20);
    /**
     * How soon a party must react to what it waits for (a signal, a set, a dead peer): far above the tens of
     * milliseconds the process engine promises, far below {@link #LONG}, so that a missed wake-up that only a
     * timeout ends is told apart from a slow one.
     */
    static final Duration PROMPT = Duration.ofSeconds(5);

    private Workers() {
    }

    /** Joins every worker within {@link #LONG} and fails with the worker's own failure unless it exited 0. */
    static void joinOk(Worker... workers) throws InterruptedException {
        for (Worker w : workers) {
            assertTrue(w.join(LONG), () -> w.name() + " did not end within " + LONG);
            int code = w.exitCode().orElseThrow();
            if (code != 0) {
                WorkerException f = w.failure().orElse(null);
                fail(w.name() + " exited with " + code + (f == null ? "" : ": " + describe(f)), f);
            }
        }
    }

    /** Asserts that every worker ends within {@link #PROMPT}, then that each exited 0 (see {@link #joinOk}). */
    static void joinPromptly(String what, Worker... workers) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        for (Worker w : workers) {
            assertTrue(w.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))),
                    () -> w.name() + " still waits " + PROMPT + " after " + what);
        }
        joinOk(workers);
    }

    /** Joins the worker within {@link #LONG}, asserts that it failed (exit code 1) and returns its failure. */
    static WorkerException joinFailed(Worker w) throws InterruptedException {
        assertTrue(w.join(LONG), () -> w.name() + " did not end within " + LONG);
        assertEquals(1, w.exitCode().orElseThrow(), () -> w.name() + " should have failed");
        return w.failure().orElseThrow(() -> new AssertionError(w.name() + " exited 1 without a failure"));
    }

    static String describe(WorkerException f) {
        return f.remoteClassName() + ": " + f.getMessage() + " at " + Arrays.toString(f.getStackTrace());
    }

    /** Polls {@code condition} every millisecond or so until it holds; fails after {@link #LONG}. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + LONG + ": " + what);
            }
            Thread.sleep(1);
        }
    }

    /** An assertion for task bodies: plain {@link AssertionError}, so that it travels back from any child. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Busy-waits about {@code nanos}: widens race windows without giving up the CPU. */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /** A blocking call run on a plain thread of this JVM, so that the test can interrupt it. */
    interface Blocking {
        void run() throws Exception;
    }

    /**
     * Runs {@code call} on a new platform thread, interrupts that thread once {@code blocked} holds (or after
     * {@code 100 ms} if it is null), and returns what the call threw (or null if it returned).
     */
    static Throwable interruptWhileBlocked(Blocking call, BooleanSupplier blocked) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("blocked-caller").start(() -> {
            try {
                call.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        if (blocked != null) {
            eventually("the caller blocks", blocked);
        }
        Thread.sleep(100); // let the call get past its fast path into the blocking wait
        t.interrupt();
        Throwable thrown = outcome.get(LONG.toSeconds(), TimeUnit.SECONDS);
        t.join(LONG.toMillis());
        return thrown;
    }

    /** A call that may be interrupted. */
    interface Interruptible<T> {
        T get() throws InterruptedException;
    }

    /** For task bodies: an interrupt is a failure there (the thread engines interrupt on close). */
    static <T> T uninterruptibly(Interruptible<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The same for calls that return nothing. */
    interface InterruptibleRun {
        void run() throws InterruptedException;
    }

    static void runUninterruptibly(InterruptibleRun call) {
        uninterruptibly(() -> {
            call.run();
            return null;
        });
    }
}
