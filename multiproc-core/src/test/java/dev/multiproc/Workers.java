package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for tests whose parties are workers: task bodies that may throw checked exceptions, joining with a
 * bound, reading a worker's failure, polling, calls on a thread of their own, and checks that run inside a
 * task (in a child JVM too, where only the thrown exception comes back).
 */
public final class Workers {
    /** The bound on anything that should end "soon"; far above what a healthy run needs on 2 cores. */
    public static final Duration LONG = Duration.ofSeconds(20);
    /**
     * How soon a party must react to what it waits for (a signal, a set, a dead peer): far above the tens of
     * milliseconds the process engine promises, far below {@link #LONG}, so that a missed wake-up that only a
     * timeout ends is told apart from a slow one.
     */
    public static final Duration PROMPT = Duration.ofSeconds(5);

    private Workers() {
    }

    /** A task body that may throw anything; serializable so that it travels to a child JVM. */
    @FunctionalInterface
    public interface Body extends Serializable {
        void run() throws Exception;
    }

    /** Wraps {@code body} as a task; a checked exception becomes an {@link IllegalStateException} with it as cause. */
    public static SerializableRunnable task(Body body) {
        return () -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Joins every worker within {@link #LONG} and fails with the worker's own failure unless it exited 0. */
    public static void joinOk(Worker... workers) throws InterruptedException {
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
    public static void joinPromptly(String what, Worker... workers) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPT.toNanos();
        for (Worker w : workers) {
            assertTrue(w.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))),
                    () -> w.name() + " still waits " + PROMPT + " after " + what);
        }
        joinOk(workers);
    }

    /** Joins the worker within {@link #LONG}, asserts that it failed (exit code 1) and returns its failure. */
    public static WorkerException joinFailed(Worker w) throws InterruptedException {
        assertTrue(w.join(LONG), () -> w.name() + " did not end within " + LONG);
        assertEquals(1, w.exitCode().orElseThrow(), () -> w.name() + " should have failed");
        return w.failure().orElseThrow(() -> new AssertionError(w.name() + " exited 1 without a failure"));
    }

    public static String describe(WorkerException f) {
        return f.remoteClassName() + ": " + f.getMessage() + " at " + Arrays.toString(f.getStackTrace());
    }

    /** An assertion for task bodies: a plain {@link AssertionError}, so that it travels back from any child. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** For task bodies: asserts that {@code call} throws exactly {@code type} (or a subclass), and returns it. */
    public static <X extends Throwable> X expectThrows(Class<X> type, Body call, String what) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError(what + ": expected " + type.getName() + " but got " + t, t);
        }
        throw new AssertionError(what + ": expected " + type.getName() + " but nothing was thrown");
    }

    /** The next item, waiting at most {@link #LONG}; fails instead of hanging (not for queues holding nulls). */
    public static <T> T next(Queue<T> q) throws InterruptedException {
        T item = q.poll(LONG);
        if (item == null) {
            throw new AssertionError("no item within " + LONG);
        }
        return item;
    }

    /** The next message, failing instead of hanging when none comes within {@link #LONG}. */
    public static <T> T next(Connection c) throws InterruptedException {
        if (!c.poll(LONG)) {
            throw new AssertionError("no message within " + LONG);
        }
        return c.recv();
    }

    /** CPython's {@code _echo}: sends every message back until the sentinel (empty bytes), then closes the end. */
    public static void echo(Connection conn) throws InterruptedException {
        for (Object m = conn.recv(); !(m instanceof byte[] b && b.length == 0); m = conn.recv()) {
            conn.send(m);
        }
        conn.close();
    }

    /** Polls {@code condition} every millisecond or so until it holds; fails after {@link #LONG}. */
    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + LONG + ": " + what);
            }
            Thread.sleep(1);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Busy-waits about {@code nanos}: widens race windows without giving up the CPU. */
    public static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    public static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /**
     * Runs {@code call} on a new daemon platform thread. Not the common pool: it has one thread on 2 cores, and
     * a call that a failed test leaves blocked must not starve the tests after it.
     */
    public static <T> CompletableFuture<T> supplyOnNewThread(Supplier<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("ipc-test-call").start(() -> {
            try {
                f.complete(call.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    public static CompletableFuture<Void> runOnNewThread(Runnable call) {
        return supplyOnNewThread(() -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs {@code call} on a new platform thread of this JVM, interrupts that thread once {@code blocked} holds
     * (or after {@code 100 ms} if it is null), and returns what the call threw (or null if it returned).
     */
    public static Throwable interruptWhileBlocked(Body call, BooleanSupplier blocked) throws Exception {
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
    public interface Interruptible<T> {
        T get() throws InterruptedException;
    }

    /** For task bodies: an interrupt is a failure there (the thread engines interrupt on close). */
    public static <T> T uninterruptibly(Interruptible<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The same for calls that return nothing. */
    public interface InterruptibleRun {
        void run() throws InterruptedException;
    }

    public static void runUninterruptibly(InterruptibleRun call) {
        uninterruptibly(() -> {
            call.run();
            return null;
        });
    }
}
