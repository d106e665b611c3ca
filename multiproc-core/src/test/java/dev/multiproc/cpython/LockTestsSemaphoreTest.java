package dev.multiproc.cpython;

import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Queue;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code lock_tests.BaseSemaphoreTests}, {@code SemaphoreTests} and {@code BoundedSemaphoreTests},
 * translated, on every engine, for both kinds. No default value (Python's is 1), no {@code release(n)} yet.
 */
@Timeout(120)
class LockTestsSemaphoreTest {

    private static List<IntFunction<Semaphore>> kinds(Context ctx) {
        return List.of(ctx::semaphore, ctx::boundedSemaphore);
    }

    /** The kinds a case with many workers runs: one on a cluster, where each worker start costs a second. */
    private static List<IntFunction<Semaphore>> contendedKinds(Context ctx, Engine engine) {
        return engine == Engine.CLUSTER ? List.of(ctx::boundedSemaphore) : kinds(ctx);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void constructor_negativeValue_refused(Engine engine) {
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : kinds(ctx)) {
                assertThrows(IllegalArgumentException.class, () -> kind.apply(-1));
                assertThrows(IllegalArgumentException.class, () -> kind.apply(Integer.MIN_VALUE + 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_withinValue_neverBlocks(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : kinds(ctx)) {
                Semaphore one = kind.apply(1);
                one.acquire();
                one.release();
                Semaphore two = kind.apply(2);
                two.acquire();
                two.acquire();
                two.release();
                two.release();
            }
        }
    }

    /**
     * test_acquire_contended (and test_multirelease, whose release(n) is n releases): workers each acquire twice;
     * each batch of releases lets exactly that many acquires through, in order of phase.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquireContended_releasesLetThatManyThrough(Engine engine) throws Exception {
        // CPython: 10 threads, value 7, releases of 7 and 6; proportionally fewer where workers are JVMs
        int[] sizes = switch (engine) {
            case THREADS, VIRTUAL_THREADS -> new int[] {10, 7, 7, 6};
            case PROCESSES -> new int[] {5, 4, 4, 2};
            case CLUSTER -> new int[] {3, 3, 2, 1};
        };
        int workers = sizes[0], value = sizes[1], firstRelease = sizes[2], secondRelease = sizes[3];
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : contendedKinds(ctx, engine)) {
                Semaphore s = kind.apply(value);
                s.acquire(); // the main thread holds one
                SharedLong phase = ctx.sharedLong(0);
                Queue<Long> results = ctx.queue();
                List<Worker> ws = Bunch.start(ctx, workers, () -> {
                    s.acquire();
                    results.put(phase.get());
                    s.acquire();
                    results.put(phase.get());
                });
                List<Long> seen = new ArrayList<>();
                int got = value - 1;
                List<Long> expected = new ArrayList<>(Collections.nCopies(got, 0L));
                assertEquals(expected, waitFor(results, seen, got));
                phase.set(1);
                releaseN(s, firstRelease);
                expected.addAll(Collections.nCopies(firstRelease, 1L));
                assertEquals(expected, waitFor(results, seen, got += firstRelease));
                phase.set(2);
                releaseN(s, secondRelease);
                expected.addAll(Collections.nCopies(secondRelease, 2L));
                assertEquals(expected, waitFor(results, seen, got += secondRelease));
                assertFalse(s.tryAcquire(), "one worker still waits");
                s.release();
                joinOk(ws.toArray(Worker[]::new));
            }
        }
    }

    /** Waits until {@code count} results came (adding them to {@code seen}); returns them all, sorted. */
    private static List<Long> waitFor(Queue<Long> results, List<Long> seen, int count) throws InterruptedException {
        while (seen.size() < count) {
            Long v = results.poll(Bunch.SHORT);
            check(v != null, "an acquire went through: " + seen.size() + " of " + count);
            seen.add(v);
        }
        Thread.sleep(20);
        check(results.isEmpty(), "more acquires went through than releases let: " + (seen.size() + results.size()));
        List<Long> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        return sorted;
    }

    private static void releaseN(Semaphore s, int n) {
        for (int i = 0; i < n; i++) {
            s.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryAcquire_untilExhausted_falseThenTrueAfterRelease(Engine engine) {
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : kinds(ctx)) {
                Semaphore s = kind.apply(2);
                assertTrue(s.tryAcquire());
                assertTrue(s.tryAcquire());
                assertFalse(s.tryAcquire());
                s.release();
                assertTrue(s.tryAcquire());
            }
        }
    }

    /** test_try_acquire_contended: of the workers' non-blocking tries, exactly the free permits succeed. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryAcquireContended_exactlyTheFreePermitsSucceed(Engine engine) throws Exception {
        int workers = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : contendedKinds(ctx, engine)) {
                Semaphore s = kind.apply(4);
                s.acquire();
                SharedLong yes = ctx.sharedLong(0), no = ctx.sharedLong(0);
                Bunch.run(ctx, workers, () -> {
                    for (int i = 0; i < 2; i++) {
                        (s.tryAcquire() ? yes : no).incrementAndGet();
                    }
                });
                assertEquals(3, yes.get());
                assertEquals(2L * workers - 3, no.get());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquireTimeout_exhausted_falseAfterTheTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : kinds(ctx)) {
                Semaphore s = kind.apply(2);
                Duration t5 = Duration.ofMillis(5);
                assertTrue(s.tryAcquire(t5));
                assertTrue(s.tryAcquire(t5));
                assertFalse(s.tryAcquire(t5));
                s.release();
                assertTrue(s.tryAcquire(t5));
                long t0 = System.nanoTime();
                assertFalse(s.tryAcquire(Duration.ofMillis(500)));
                Bunch.assertTimeout(System.nanoTime() - t0, Duration.ofMillis(500));
            }
        }
    }

    /** test_default_value (with the value 1 named): a waiter passes only after the holder releases. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void valueOne_waiterPassesAfterRelease(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(1);
            s.acquire();
            SharedLong passed = ctx.sharedLong(0);
            Worker w = ctx.start(task(() -> {
                s.acquire();
                s.release();
                passed.set(1);
            }));
            Thread.sleep(engine.isProcess() ? 500 : 10); // long enough to block (a JVM starts first)
            assertEquals(0, passed.get(), "it waits");
            s.release();
            joinOk(w);
            assertEquals(1, passed.get());
        }
    }

    /** test_with, as try/finally: the permits come back, also when the body throws. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryFinally_permitsComeBackEvenOnException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            for (IntFunction<Semaphore> kind : kinds(ctx)) {
                Semaphore s = kind.apply(2);
                assertThrows(IllegalArgumentException.class, () -> {
                    s.acquire();
                    try {
                        assertTrue(s.tryAcquire());
                        s.release();
                        s.acquire();
                        try {
                            assertFalse(s.tryAcquire());
                            throw new IllegalArgumentException("raised inside");
                        } finally {
                            s.release();
                        }
                    } finally {
                        s.release();
                    }
                });
                assertEquals(2, s.availablePermits());
            }
        }
    }

    /** SemaphoreTests.test_release_unacquired and test_repr: an unbounded release raises the value. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void unbounded_releaseUnacquired_raisesTheValue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(1);
            s.release();
            assertEquals(2, s.availablePermits());
            s.acquire();
            s.acquire();
            s.release();
            Semaphore r = ctx.semaphore(3);
            assertEquals(3, r.availablePermits());
            r.acquire();
            assertEquals(2, r.availablePermits());
            r.release();
            r.release();
            assertEquals(4, r.availablePermits());
        }
    }

    /** BoundedSemaphoreTests.test_release_unacquired: a release above the initial value is refused. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void bounded_releaseUnacquired_refusedValueUnchanged(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.boundedSemaphore(1);
            assertThrows(IllegalStateException.class, s::release);
            s.acquire();
            s.release();
            assertThrows(IllegalStateException.class, s::release);
            assertEquals(1, s.availablePermits());
            Semaphore three = ctx.boundedSemaphore(3);
            three.acquire();
            assertEquals(2, three.availablePermits());
        }
    }
}
