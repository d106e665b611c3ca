package dev.multiproc.cpython;

import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Event;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.Workers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the translations of CPython's {@code lock_tests.py} share: its {@code Bunch} (n workers running one
 * function, all joined and checked), its timing check, and its sizes, smaller on the engines whose workers are
 * JVMs of their own (the suite starts JVMs with care on 2 cores).
 */
final class Bunch {
    /** CPython's {@code support.SHORT_TIMEOUT}. */
    static final Duration SHORT = Duration.ofSeconds(30);

    private Bunch() {
    }

    /** Starts {@code n} workers running {@code f} and joins them all; any worker's failure fails the test. */
    static void run(Context ctx, int n, Workers.Body f) throws InterruptedException {
        List<Worker> workers = start(ctx, n, f);
        Workers.joinOk(workers.toArray(Worker[]::new));
    }

    /**
     * Starts {@code n} workers running {@code f}, and lets them run it once all have started, as CPython's Bunch
     * does (a JVM, or a worker on an agent, takes far longer to start than a thread).
     */
    static List<Worker> start(Context ctx, int n, Workers.Body f) throws InterruptedException {
        SharedLong started = ctx.sharedLong(0);
        Event go = ctx.event();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workers.add(ctx.start(Workers.task(() -> {
                started.incrementAndGet();
                Workers.check(go.await(SHORT), "all started");
                f.run();
            })));
        }
        Workers.eventually("all " + n + " started", () -> started.get() >= n);
        go.set();
        return workers;
    }

    /** CPython's N for a test with many parties: 5 in threads, 3 in JVMs of their own. */
    static int parties(Engine engine) {
        return engine.isProcess() ? 3 : 5;
    }

    /** lock_tests' {@code assertTimeout}: between 0.6x and 10x the expected time. */
    static void assertTimeout(long elapsedNanos, Duration expected) {
        assertTrue(elapsedNanos >= expected.toNanos() * 0.6, () -> elapsedNanos / 1e6 + " ms < 0.6 x " + expected);
        assertTrue(elapsedNanos < expected.toNanos() * 10, () -> elapsedNanos / 1e6 + " ms >= 10 x " + expected);
    }
}
