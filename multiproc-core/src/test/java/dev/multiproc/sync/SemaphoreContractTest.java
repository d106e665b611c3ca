package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.joinFailed;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.runUninterruptibly;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every engine's {@link Semaphore} and bounded semaphore must do; the other parties are workers of that engine.
 */
@Timeout(60)
class SemaphoreContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryAcquire_permitsAvailable_takesThemUntilNoneLeft(Engine engine) {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(2);
            assertEquals(2, s.availablePermits());
            assertTrue(s.tryAcquire());
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire());
            assertEquals(0, s.availablePermits());
            s.release();
            assertEquals(1, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryAcquireTimeout_noPermit_workerGetsFalseAfterTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(0);
            Worker w = ctx.start(() -> {
                long t0 = System.nanoTime();
                boolean got = uninterruptibly(() -> s.tryAcquire(Duration.ofMillis(200)));
                long waited = Workers.millisSince(t0);
                check(!got, "tryAcquire(200 ms) without a permit");
                check(waited >= 190, "tryAcquire(200 ms) gave up after " + waited + " ms");
            });
            joinOk(w);
            assertEquals(0, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_noPermit_workerProceedsOnParentsRelease(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(0);
            Event waiting = ctx.event();
            Worker w = ctx.start(() -> {
                waiting.set();
                runUninterruptibly(s::acquire);
                check(uninterruptibly(() -> s.tryAcquire(LONG)), "the second permit");
            });
            assertTrue(waiting.await(LONG));
            Thread.sleep(100);
            s.release();
            s.release();
            joinOk(w);
            assertEquals(0, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_noPermit_parentProceedsOnWorkersRelease(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.boundedSemaphore(1);
            s.acquire();
            Worker w = ctx.start(() -> {
                Workers.sleep(100);
                s.release();
            });
            s.acquire();
            assertEquals(0, s.availablePermits());
            joinOk(w);
            s.release();
            assertEquals(1, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_threeWorkersTwoPermits_neverMoreThanTwoInside(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(2);
            SharedLong inside = ctx.sharedLong(0);
            SharedLong most = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 3, () -> enterRepeatedly(s, inside, most, engine.rounds(300)));
            joinOk(workers);
            assertTrue(most.get() <= 2, "inside at once: " + most.get());
            assertEquals(0, inside.get());
            assertEquals(2, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void release_unboundedAboveInitial_raisesCount(Engine engine) {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(1);
            s.release();
            s.release();
            assertEquals(3, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void release_boundedAtInitial_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.boundedSemaphore(2);
            assertThrows(IllegalStateException.class, s::release);
            assertEquals(2, s.availablePermits(), "the refused release changed nothing");
            s.acquire();
            s.release();
            assertThrows(IllegalStateException.class, s::release);
            assertEquals(2, s.availablePermits());
            Semaphore zero = ctx.boundedSemaphore(0);
            assertThrows(IllegalStateException.class, zero::release);
            assertEquals(0, zero.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void release_boundedOverReleasedByWorker_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.boundedSemaphore(1);
            Worker w = ctx.start(s::release);
            WorkerException e = joinFailed(w);
            assertEquals(IllegalStateException.class.getName(), e.remoteClassName(), Workers.describe(e));
            assertEquals(1, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquireN_allOrNothing_releaseN_raisesCountByN(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(2);
            assertFalse(s.tryAcquire(3, Duration.ofMillis(50)));
            assertEquals(2, s.availablePermits(), "a failed acquire(3) holds nothing");
            s.release(2);
            s.acquire(3);
            assertEquals(1, s.availablePermits());
            assertTrue(s.tryAcquire(1, Duration.ZERO));
            s.release(4);
            assertEquals(4, s.availablePermits());
            assertThrows(IllegalArgumentException.class, () -> s.acquire(0));
            assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> s.release(0));
            assertEquals(4, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void releaseN_boundedPastItsCount_throwsAndLeavesTheCount(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.boundedSemaphore(3);
            s.acquire(2);
            assertThrows(IllegalStateException.class, () -> s.release(3));
            assertEquals(1, s.availablePermits(), "a refused release(3) changes nothing");
            s.release(2);
            assertEquals(3, s.availablePermits());
            assertThrows(IllegalArgumentException.class, () -> s.acquire(4), "a bounded semaphore of 3 never has 4");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquireN_workerWaitsForTwo_thePermitThereIsKeptForIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(1);
            Event waiting = ctx.event();
            Worker w = ctx.start(() -> {
                waiting.set();
                runUninterruptibly(() -> s.acquire(2));
            });
            assertTrue(waiting.await(LONG));
            eventually("the waiter for 2 permits keeps the one there is from tryAcquire()", () -> {
                if (s.tryAcquire()) {
                    s.release(); // before its claim: give it back and look again
                    return false;
                }
                return true;
            });
            assertEquals(1, s.availablePermits());
            assertFalse(s.tryAcquire(Duration.ofMillis(100)), "a waiter for one does not overtake it");
            s.release();
            joinOk(w);
            assertEquals(0, s.availablePermits());
            s.release(2);
            assertTrue(s.tryAcquire(), "its claim ended with its acquire");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void semaphore_negativePermits_throwsIllegalArgument(Engine engine) {
        try (Context ctx = engine.open()) {
            assertThrows(IllegalArgumentException.class, () -> ctx.semaphore(-1));
            assertThrows(IllegalArgumentException.class, () -> ctx.boundedSemaphore(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_interruptedWhileBlocked_throwsInterruptedException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Semaphore s = ctx.semaphore(0);
            assertInstanceOf(InterruptedException.class, Workers.interruptWhileBlocked(s::acquire, null));
            assertInstanceOf(InterruptedException.class,
                    Workers.interruptWhileBlocked(() -> s.tryAcquire(LONG), null));
            assertEquals(0, s.availablePermits(), "an interrupted acquire takes nothing");
            s.release();
            assertEquals(1, s.availablePermits());
        }
    }

    /**
     * {@code n} times: take a permit, count the holders inside, record the most ever seen, give it back. On its
     * first entry a worker stays inside until a second holder joins (or a bounded wait ends), so that the
     * permits are really used at once however the machine schedules the workers.
     */
    static void enterRepeatedly(Semaphore s, SharedLong inside, SharedLong most, int n) {
        for (int i = 0; i < n; i++) {
            runUninterruptibly(s::acquire);
            try {
                long now = inside.incrementAndGet();
                long seen = most.get();
                while (now > seen && !most.compareAndSet(seen, now)) {
                    seen = most.get();
                }
                long until = System.nanoTime() + Workers.PROMPT.toNanos();
                while (i == 0 && most.get() < 2 && System.nanoTime() - until < 0) {
                    Thread.onSpinWait(); // a worker alone at its first entry: wait for company
                }
                Workers.spin(20_000);
                inside.addAndGet(-1);
            } finally {
                s.release();
            }
        }
    }
}
