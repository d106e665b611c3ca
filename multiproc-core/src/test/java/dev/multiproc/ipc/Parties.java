package dev.multiproc.ipc;

import dev.multiproc.Connection;
import dev.multiproc.Queue;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;

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
 * Helpers for tests whose other party is a worker: task bodies that may throw checked exceptions, bounded
 * joins that report the worker's own failure, and checks that travel back from a child JVM.
 */
final class Parties {
    /** The bound on anything that should end "soon"; far above what a healthy run needs on 2 cores. */
    static final Duration LONG = Duration.ofSeconds(20);

    private Parties() {
    }

    /** A task body that may throw anything; serializable so that it travels to a child JVM. */
    @FunctionalInterface
    interface Body extends Serializable {
        void run() throws Exception;
    }

    /** Wraps {@code body} as a task; a checked exception becomes an {@link IllegalStateException} with it as cause. */
    static SerializableRunnable task(Body body) {
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

    /** Joins the worker within {@link #LONG}, asserts that it failed (exit code 1) and returns its failure. */
    static WorkerException joinFailed(Worker w) throws InterruptedException {
        assertTrue(w.join(LONG), () -> w.name() + " did not end within " + LONG);
        assertEquals(1, w.exitCode().orElseThrow(), () -> w.name() + " should have failed");
        return w.failure().orElseThrow(() -> new AssertionError(w.name() + " exited 1 without a failure"));
    }

    static String describe(WorkerException f) {
        return f.remoteClassName() + ": " + f.getMessage() + " at " + Arrays.toString(f.getStackTrace());
    }

    /** An assertion for task bodies: a plain {@link AssertionError}, so that it travels back from any child. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** For task bodies: asserts that {@code call} throws exactly {@code type} (or a subclass), and returns it. */
    static <X extends Throwable> X expectThrows(Class<X> type, Body call, String what) {
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
    static <T> T next(Queue<T> q) throws InterruptedException {
        T item = q.poll(LONG);
        if (item == null) {
            throw new AssertionError("no item within " + LONG);
        }
        return item;
    }

    /** The next message, failing instead of hanging when none comes within {@link #LONG}. */
    static <T> T next(Connection c) throws InterruptedException {
        if (!c.poll(LONG)) {
            throw new AssertionError("no message within " + LONG);
        }
        return c.recv();
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

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    /**
     * Runs {@code call} on a new daemon platform thread. Not the common pool: it has one thread on 2 cores, and
     * a call that a failed test leaves blocked must not starve the tests after it.
     */
    static <T> CompletableFuture<T> supplyOnNewThread(Supplier<T> call) {
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

    static CompletableFuture<Void> runOnNewThread(Runnable call) {
        return supplyOnNewThread(() -> {
            call.run();
            return null;
        });
    }
}
