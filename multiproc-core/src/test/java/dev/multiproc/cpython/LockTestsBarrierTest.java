package dev.multiproc.cpython;

import dev.multiproc.Barrier;
import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code lock_tests.BarrierTests}, translated, on every engine. Differences of the API: a party that
 * times out gets {@link TimeoutException} (Python: {@code BrokenBarrierError}, as the others); the arrival index
 * counts down ({@code parties - 1} first), which the middle party's {@code N // 2} does not see; no action and no
 * default timeout yet (each wait names its timeout: CPython's default of 2 s).
 */
@Timeout(120)
class LockTestsBarrierTest {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    @ParameterizedTest
    @EnumSource(Engine.class)
    void constructor_zeroOrNegativeParties_refused(Engine engine) {
        try (Context ctx = engine.open()) {
            assertThrows(IllegalArgumentException.class, () -> ctx.barrier(0));
            assertThrows(IllegalArgumentException.class, () -> ctx.barrier(-1));
        }
    }

    /** test_barrier and test_barrier_10: the parties pass in lockstep. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void barrier_tenPasses_lockstep(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        int passes = 10;
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n);
            SharedLong before = ctx.sharedLong(0), after = ctx.sharedLong(0);
            Bunch.run(ctx, n, () -> {
                check(b.parties() == n, "parties");
                for (int i = 0; i < passes; i++) {
                    before.incrementAndGet();
                    check(after.get() == (long) i * n, "pass " + i + ": every party left the previous pass");
                    b.await(DEFAULT_TIMEOUT);
                    after.incrementAndGet();
                    check(before.get() == (long) (i + 1) * n, "pass " + i + ": every party arrived");
                    b.await(DEFAULT_TIMEOUT);
                }
            });
            assertEquals(0, b.numberWaiting());
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitReturn_indexesAreAPermutation(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n);
            Queue<Integer> results = ctx.queue();
            Bunch.run(ctx, n, () -> results.put(b.await(DEFAULT_TIMEOUT)));
            Set<Integer> got = new HashSet<>();
            while (!results.isEmpty()) {
                got.add(results.take());
            }
            assertEquals(IntStream.range(0, n).boxed().collect(Collectors.toSet()), got);
        }
    }

    /** test_abort: the middle party aborts; every other party's next wait is broken. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void abort_middlePartyAborts_othersBroken(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n);
            SharedLong passed = ctx.sharedLong(0), broken = ctx.sharedLong(0);
            Bunch.run(ctx, n, () -> abortOrWait(b, n, passed, broken));
            assertEquals(0, passed.get());
            assertEquals(n - 1, broken.get());
            assertTrue(b.isBroken());
        }
    }

    private static void abortOrWait(Barrier b, int n, SharedLong passed, SharedLong broken) throws Exception {
        try {
            if (b.await(DEFAULT_TIMEOUT) == n / 2) {
                b.abort(); // CPython: the party raises RuntimeError and aborts
                return;
            }
            b.await(DEFAULT_TIMEOUT);
            passed.incrementAndGet();
        } catch (BrokenBarrierException e) {
            broken.incrementAndGet();
        }
    }

    /** test_reset: a reset frees the waiters (broken), and the barrier is passed again by everyone. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void reset_middlePartyResets_othersBrokenThenAllPass(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n);
            SharedLong passed = ctx.sharedLong(0), broken = ctx.sharedLong(0), again = ctx.sharedLong(0);
            Bunch.run(ctx, n, () -> {
                if (b.await(DEFAULT_TIMEOUT) == n / 2) {
                    eventually("the others wait", () -> b.numberWaiting() >= n - 1);
                    b.reset();
                } else {
                    try {
                        b.await(DEFAULT_TIMEOUT);
                        passed.incrementAndGet();
                    } catch (BrokenBarrierException e) {
                        broken.incrementAndGet();
                    }
                }
                b.await(DEFAULT_TIMEOUT);
                again.incrementAndGet();
            });
            assertEquals(0, passed.get());
            assertEquals(n - 1, broken.get());
            assertEquals(n, again.get());
        }
    }

    /** test_abort_and_reset: a broken barrier is usable again after a reset. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void abortAndReset_brokenBarrierUsableAfterReset(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n), b2 = ctx.barrier(n);
            SharedLong passed = ctx.sharedLong(0), broken = ctx.sharedLong(0), again = ctx.sharedLong(0);
            Bunch.run(ctx, n, () -> {
                abortOrWait(b, n, passed, broken);
                // everyone has left b before the reset, and nobody enters it before
                if (b2.await(DEFAULT_TIMEOUT) == n / 2) {
                    b.reset();
                }
                b2.await(DEFAULT_TIMEOUT);
                b.await(DEFAULT_TIMEOUT);
                again.incrementAndGet();
            });
            assertEquals(0, passed.get());
            assertEquals(n - 1, broken.get());
            assertEquals(n, again.get());
        }
    }

    /** test_timeout: one party is late; the first to time out breaks the barrier for all. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void timeout_latePartyBreaksItForAll(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(n);
            SharedLong timedOut = ctx.sharedLong(0), broken = ctx.sharedLong(0);
            Bunch.run(ctx, n, () -> {
                if (b.await(DEFAULT_TIMEOUT) == n / 2) {
                    Thread.sleep(DEFAULT_TIMEOUT.toMillis() / 2); // this one is late
                }
                try {
                    b.await(DEFAULT_TIMEOUT.dividedBy(4));
                    throw new AssertionError("the barrier was passed");
                } catch (TimeoutException e) {
                    timedOut.incrementAndGet();
                } catch (BrokenBarrierException e) {
                    broken.incrementAndGet();
                }
            });
            assertTrue(timedOut.get() >= 1, "somebody timed out");
            assertEquals(n, timedOut.get() + broken.get());
            assertTrue(b.isBroken());
        }
    }

    /** test_default_timeout, with the timeout named: the wait breaks after it. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void timeout_noOtherParty_brokenAfterTheTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            long t0 = System.nanoTime();
            Bunch.run(ctx, 1, () -> {
                try {
                    b.await(Duration.ofMillis(100));
                    throw new AssertionError("passed alone");
                } catch (TimeoutException expected) {
                    // the timeout broke it
                }
            });
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(100).toNanos());
            assertTrue(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void singleThread_oneParty_passesAtOnce(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(1);
            assertEquals(0, b.await());
            assertEquals(0, b.await());
        }
    }

    /** test_repr, as getters: waiters counted, none once released, broken after an abort. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void state_waitersCountedThenReleasedThenBroken(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(3);
            assertEquals(0, b.numberWaiting());
            assertEquals(3, b.parties());
            var waiters = Bunch.start(ctx, 2, () -> b.await(Duration.ofMinutes(5)));
            eventually("two wait", () -> b.numberWaiting() >= 2);
            assertEquals(2, b.numberWaiting());
            b.await(Workers.LONG);
            Workers.joinOk(waiters.toArray(dev.multiproc.Worker[]::new));
            assertEquals(0, b.numberWaiting());
            b.abort();
            assertTrue(b.isBroken());
        }
    }
}
