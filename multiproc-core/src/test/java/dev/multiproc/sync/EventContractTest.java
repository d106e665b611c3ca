package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.runUninterruptibly;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link Event} must do (Python's {@code Event}); the other parties are workers of that engine. */
@Timeout(60)
class EventContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void event_setAndClear_flipIsSet(Engine engine) {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            assertFalse(e.isSet());
            e.set();
            assertTrue(e.isSet());
            e.set();
            assertTrue(e.isSet(), "set twice is still set");
            e.clear();
            assertFalse(e.isSet());
            e.clear();
            assertFalse(e.isSet());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void set_threeWaitingWorkers_releasesEvery(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            SharedLong arrived = ctx.sharedLong(0);
            SharedLong released = ctx.sharedLong(0);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(ctx.start(() -> {
                    arrived.incrementAndGet();
                    runUninterruptibly(e::await);
                    check(e.isSet(), "await() returned before set()");
                    released.incrementAndGet();
                }));
            }
            eventually("3 waiters", () -> arrived.get() == 3);
            Thread.sleep(100);
            assertEquals(0, released.get(), "a waiter passed an event that is not set");
            e.set();
            joinOk(workers.toArray(Worker[]::new));
            assertEquals(3, released.get());
        }
    }

    /** Python: {@code set()} wakes every thread waiting at that moment, even if {@code clear()} follows at once. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void set_clearedRightAfter_stillReleasesEveryWaiter(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            SharedLong arrived = ctx.sharedLong(0);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(ctx.start(() -> {
                    arrived.incrementAndGet();
                    check(uninterruptibly(() -> e.await(LONG)), "await() released by set() returns true");
                }));
            }
            eventually("2 waiters", () -> arrived.get() == 2);
            Thread.sleep(200); // let them block
            e.set();
            e.clear();
            Workers.joinPromptly("set() then clear()", workers.toArray(Worker[]::new));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitTimeout_notSet_workerGetsFalseAfterTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            Worker w = ctx.start(() -> {
                long t0 = System.nanoTime();
                boolean set = uninterruptibly(() -> e.await(Duration.ofMillis(200)));
                long waited = Workers.millisSince(t0);
                check(!set, "await(200 ms) on an event nobody sets");
                check(waited >= 190, "await(200 ms) gave up after " + waited + " ms");
            });
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_alreadySet_returnsImmediately(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            e.set();
            long t0 = System.nanoTime();
            e.await();
            assertTrue(e.await(Duration.ZERO));
            assertTrue(e.await(LONG));
            assertTrue(Workers.millisSince(t0) < 1_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void clear_afterSet_awaitTimesOutAgain(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            e.set();
            e.clear();
            assertFalse(e.await(Duration.ofMillis(50)));
            assertFalse(e.await(Duration.ZERO));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void set_byWorker_wakesWaitingParent(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            SharedLong before = ctx.sharedLong(0);
            Worker w = ctx.start(() -> {
                Workers.sleep(100);
                before.set(42);
                e.set();
            });
            assertTrue(e.await(LONG));
            assertEquals(42, before.get(), "what the worker did before set() is visible after await()");
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_interruptedWhileBlocked_throwsInterruptedException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event e = ctx.event();
            assertInstanceOf(InterruptedException.class, Workers.interruptWhileBlocked(e::await, null));
            assertInstanceOf(InterruptedException.class, Workers.interruptWhileBlocked(() -> e.await(LONG), null));
            assertFalse(e.isSet());
        }
    }
}
