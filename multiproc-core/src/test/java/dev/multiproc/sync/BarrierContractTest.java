package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Barrier;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link Barrier} must do (Python's {@code Barrier}); the parties are workers of that engine. */
@Timeout(60)
class BarrierContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void barrier_badParties_throwsIllegalArgument(Engine engine) {
        try (Context ctx = engine.open()) {
            assertThrows(IllegalArgumentException.class, () -> ctx.barrier(0));
            assertThrows(IllegalArgumentException.class, () -> ctx.barrier(-1));
            Barrier b = ctx.barrier(3);
            assertEquals(3, b.parties());
            assertEquals(0, b.numberWaiting());
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_singleParty_returnsZeroWithoutWaiting(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(1);
            assertEquals(0, b.await());
            assertEquals(0, b.await(LONG));
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_threeWorkersTenRounds_keepInStep(Engine engine) throws Exception {
        int parties = 3;
        int rounds = 10;
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(parties);
            SharedLongArray progress = ctx.sharedLongArray(parties);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                int me = i;
                workers.add(ctx.start(() -> {
                    for (int r = 1; r <= rounds; r++) {
                        progress.set(me, r);
                        await(b);
                        for (int j = 0; j < parties; j++) {
                            long p = progress.get(j);
                            check(p == r || p == r + 1, "party " + j + " at round " + p + " when " + me
                                    + " passed round " + r);
                        }
                    }
                }));
            }
            joinOk(workers.toArray(Worker[]::new));
            assertFalse(b.isBroken());
            assertEquals(0, b.numberWaiting());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_twoWorkersAndParentFiveRounds_arrivalIndexesArePermutations(Engine engine) throws Exception {
        int parties = 3;
        int rounds = 5;
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(parties);
            SharedLongArray indexes = ctx.sharedLongArray(parties * rounds);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < parties - 1; i++) {
                int me = i;
                workers.add(ctx.start(() -> {
                    for (int r = 0; r < rounds; r++) {
                        indexes.set(r * parties + me, 1 + await(b));
                    }
                }));
            }
            for (int r = 0; r < rounds; r++) {
                indexes.set(r * parties + parties - 1, 1 + b.await(LONG));
            }
            joinOk(workers.toArray(Worker[]::new));
            for (int r = 0; r < rounds; r++) {
                Set<Long> seen = new HashSet<>();
                for (int p = 0; p < parties; p++) {
                    seen.add(indexes.get(r * parties + p) - 1);
                }
                assertEquals(Set.of(0L, 1L, 2L), seen, "arrival indexes of round " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void numberWaiting_twoOfThreeArrived_countsTwoAndLastGetsZero(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(3);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(ctx.start(() -> {
                    int index = await(b);
                    check(index == 1 || index == 2, "an early arrival got index " + index);
                }));
            }
            eventually("2 waiting", () -> b.numberWaiting() == 2);
            assertEquals(0, b.await(LONG), "the last to arrive gets 0");
            joinOk(workers.toArray(Worker[]::new));
            assertEquals(0, b.numberWaiting());
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitTimeout_otherPartyMissing_throwsTimeoutAndBreaks(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            long t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(200)));
            assertTrue(Workers.millisSince(t0) >= 190);
            assertTrue(b.isBroken());
            assertEquals(0, b.numberWaiting());
            assertThrows(BrokenBarrierException.class, b::await);
            assertThrows(BrokenBarrierException.class, () -> b.await(LONG));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitTimeout_expires_waitingWorkerGetsBrokenBarrier(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(3);
            Worker w = ctx.start(() -> expectBroken(b));
            eventually("the worker waits", () -> b.numberWaiting() == 1);
            assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(100)));
            joinOk(w);
            assertTrue(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void abort_waitingWorker_getsBrokenUntilReset(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            Event brokenSeen = ctx.event();
            Event resetDone = ctx.event();
            Worker w = ctx.start(() -> {
                expectBroken(b);
                brokenSeen.set();
                check(uninterruptibly(() -> resetDone.await(LONG)), "the parent resets");
                int index = await(b);
                check(index == 0 || index == 1, "index after reset: " + index);
            });
            eventually("the worker waits", () -> b.numberWaiting() == 1);
            b.abort();
            assertTrue(b.isBroken());
            assertTrue(brokenSeen.await(LONG), "the waiting worker got BrokenBarrierException");
            assertEquals(0, b.numberWaiting(), "the broken-out waiter no longer waits");
            assertThrows(BrokenBarrierException.class, b::await, "broken for later callers too");
            assertTrue(b.isBroken());
            b.reset();
            assertFalse(b.isBroken());
            resetDone.set();
            int index = b.await(LONG);
            assertTrue(index == 0 || index == 1);
            joinOk(w);
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reset_waitingWorker_getsBrokenAndBarrierIsUsableAgain(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            Worker w = ctx.start(() -> {
                expectBroken(b);
                await(b); // the next generation: meets the parent
            });
            eventually("the worker waits", () -> b.numberWaiting() == 1);
            b.reset();
            assertFalse(b.isBroken(), "reset leaves the barrier usable");
            b.await(LONG);
            joinOk(w);
            assertFalse(b.isBroken());
            assertEquals(0, b.numberWaiting());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_interruptedWhileWaiting_throwsInterruptedAndBreaks(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            Throwable thrown = Workers.interruptWhileBlocked(b::await, () -> b.numberWaiting() == 1);
            assertInstanceOf(InterruptedException.class, thrown);
            assertTrue(b.isBroken());
            assertThrows(BrokenBarrierException.class, b::await);
        }
    }

    /**
     * An abort racing a waiter's entry, many times: the waiter must get {@link BrokenBarrierException} whichever
     * comes first (CPython's {@code test_abort_and_reset}); an abort lost between a check and the wait showed as
     * a timeout.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void abort_racingAwait_waiterAlwaysBroken(Engine engine) throws Exception {
        int rounds = engine.rounds(20_000);
        try (Context ctx = engine.open()) {
            Barrier b = ctx.barrier(2);
            java.util.concurrent.CyclicBarrier step = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.CompletableFuture<String> waiter = Workers.supplyOnNewThread(() -> {
                for (int r = 0; r < rounds; r++) {
                    step(step); // start together with the abort
                    try {
                        b.await(Duration.ofSeconds(5));
                        return "round " + r + ": await returned";
                    } catch (BrokenBarrierException expected) {
                        // the abort came first or during the wait: both are broken
                    } catch (TimeoutException e) {
                        return "round " + r + ": the abort was lost, await timed out";
                    } catch (InterruptedException e) {
                        return "round " + r + ": interrupted";
                    }
                    step(step); // the waiter is out: the barrier may be reset
                }
                return "ok";
            });
            try {
                for (int r = 0; r < rounds; r++) {
                    step.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    b.abort();
                    step.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    assertTrue(b.isBroken(), "broken until reset");
                    b.reset();
                }
            } catch (java.util.concurrent.TimeoutException e) {
                // the waiter stopped taking steps: its answer says why
            }
            assertEquals("ok", waiter.get(LONG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    private static void step(java.util.concurrent.CyclicBarrier step) {
        try {
            step.await(LONG.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test's own step: " + e, e);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void barrierAction_threeWorkersFiveRounds_runsOncePerTripBeforeAnyPartyLeaves(Engine engine) throws Exception {
        int parties = 3;
        int rounds = 5;
        try (Context ctx = engine.open()) {
            SharedLong trips = ctx.sharedLong(0);
            Barrier b = ctx.barrier(parties, trips::incrementAndGet);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                workers.add(ctx.start(() -> {
                    for (int r = 1; r <= rounds; r++) {
                        await(b);
                        long t = trips.get();
                        check(t == r || t == r + 1, "after round " + r + " the action had run " + t + " times");
                    }
                }));
            }
            joinOk(workers.toArray(Worker[]::new));
            assertEquals(rounds, trips.get());
            assertFalse(b.isBroken());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void barrierAction_throws_thatPartyGetsItAndTheOthersBrokenBarrier(Engine engine) throws Exception {
        int parties = 3;
        try (Context ctx = engine.open()) {
            SharedLong runs = ctx.sharedLong(0);
            Barrier b = ctx.barrier(parties, () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("action failed");
                }
            });
            SharedLongArray outcome = ctx.sharedLongArray(parties); // 1 returned, 2 broken, 3 the action's exception
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                int me = i;
                workers.add(ctx.start(() -> outcome.set(me, arrive(b))));
            }
            joinOk(workers.toArray(Worker[]::new));
            long[] counts = new long[4];
            for (int i = 0; i < parties; i++) {
                counts[(int) outcome.get(i)]++;
            }
            assertEquals(1, counts[3], "one party gets the action's exception");
            assertEquals(2, counts[2], "the others BrokenBarrierException");
            assertTrue(b.isBroken());
            b.reset();
            Worker second = ctx.start(() -> check(arrive(b) == 1, "after reset the barrier trips again"));
            Worker third = ctx.start(() -> check(arrive(b) == 1, "after reset the barrier trips again"));
            check(arrive(b) == 1, "after reset the barrier trips again");
            joinOk(second, third);
            assertEquals(2, runs.get(), "the action ran again on the second trip");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_defaultTimeoutElapses_breaksWithBrokenBarrierCausedByTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            assertThrows(IllegalArgumentException.class, () -> ctx.barrier(2, null, Duration.ZERO));
            assertThrows(NullPointerException.class, () -> ctx.barrier(2, null));
            Barrier b = ctx.barrier(2, null, Duration.ofMillis(200));
            long start = System.nanoTime();
            BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(Workers.millisSince(start) >= 190, "gave up after " + Workers.millisSince(start) + " ms");
            assertTrue(b.isBroken());
            b.reset();
            Worker w = ctx.start(() -> check(arrive(b) == 1, "the other party"));
            int index = b.await(LONG); // its own timeout, not the default one: a worker may take longer to start
            assertTrue(index == 0 || index == 1, "arrival index " + index);
            joinOk(w);
        }
    }

    /** For task bodies: 1 when await() returns, 2 when the barrier is broken, 3 when it throws IllegalStateException. */
    static int arrive(Barrier b) {
        try {
            b.await(LONG);
            return 1;
        } catch (BrokenBarrierException e) {
            return 2;
        } catch (IllegalStateException e) {
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("barrier neither tripped nor broke within " + LONG, e);
        }
    }

    /** For task bodies: waits at most {@link Workers#LONG}; any exception is a failure. */
    static int await(Barrier b) {
        try {
            return b.await(LONG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("barrier: " + e, e);
        }
    }

    /** For task bodies: waits and requires {@link BrokenBarrierException} within {@link Workers#LONG}. */
    static void expectBroken(Barrier b) {
        try {
            int index = b.await(LONG);
            throw new AssertionError("await() returned " + index + " instead of breaking");
        } catch (BrokenBarrierException expected) {
            // what this party waits for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("not broken within " + LONG, e);
        }
    }
}
