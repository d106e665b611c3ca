package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Condition;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.RLock;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * What every engine's {@link Condition} must do (Python's {@code Condition}), on an {@link RLock} and on a plain
 * {@link Lock}; waiters and signallers are workers of the engine under test.
 */
@Timeout(60)
class ConditionContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyMethod_plainLockFree_throwsIllegalMonitorState(Engine engine) {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            assertEveryMethodThrowsIllegalMonitorState(ctx.condition(lock));
            assertEveryMethodThrowsIllegalMonitorState(lock.newCondition());
            assertEveryMethodThrowsIllegalMonitorState(ctx.condition());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyMethod_rlockHeldByOtherThread_throwsIllegalMonitorState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread owner = Thread.ofPlatform().start(() -> {
                lock.lock();
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            assertTrue(held.await(LONG.toSeconds(), TimeUnit.SECONDS));
            try {
                assertEveryMethodThrowsIllegalMonitorState(condition);
            } finally {
                release.countDown();
                owner.join(LONG.toMillis());
            }
            assertFalse(lock.isLocked());
        }
    }

    private static void assertEveryMethodThrowsIllegalMonitorState(Condition c) {
        List<Executable> calls = List.of(c::await, c::awaitUninterruptibly, () -> c.awaitNanos(1_000_000),
                () -> c.await(1, TimeUnit.MILLISECONDS), () -> c.awaitUntil(new Date(System.currentTimeMillis() + 1)),
                () -> c.awaitUntil(() -> true, Duration.ofMillis(1)), c::signal, c::signalAll);
        for (int i = 0; i < calls.size(); i++) {
            assertThrows(IllegalMonitorStateException.class, calls.get(i), "call #" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signal_workerWaitingOnRLock_wakesIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            SharedLong waiting = ctx.sharedLong(0);
            SharedLong state = ctx.sharedLong(0);
            Worker w = ctx.start(() -> awaitState(lock, condition, waiting, state, 1));
            awaitWaiters(lock, waiting, 1);
            state.set(1);
            condition.signal();
            lock.unlock();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signal_twiceWithTwoWaitingWorkers_wakesBoth(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition condition = ctx.condition(lock);
            SharedLong waiting = ctx.sharedLong(0);
            SharedLong tokens = ctx.sharedLong(0);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(ctx.start(() -> takeToken(lock, condition, waiting, tokens)));
            }
            awaitWaiters(lock, waiting, 2);
            tokens.incrementAndGet();
            condition.signal();
            lock.unlock();
            lock.lock();
            tokens.incrementAndGet();
            condition.signal();
            lock.unlock();
            joinOk(workers.toArray(Worker[]::new));
            assertEquals(0, tokens.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signalAll_threeWaitingWorkers_wakesAll(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = ctx.condition(lock);
            SharedLong waiting = ctx.sharedLong(0);
            SharedLong state = ctx.sharedLong(0);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.add(ctx.start(() -> awaitState(lock, condition, waiting, state, 1)));
            }
            awaitWaiters(lock, waiting, 3);
            state.set(1);
            condition.signalAll();
            lock.unlock();
            joinOk(workers.toArray(Worker[]::new));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signalAll_signallerAwaitsRightAfter_everyEarlierWaiterStillWakes(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition condition = lock.newCondition();
            SharedLong waiting = ctx.sharedLong(0);
            SharedLong state = ctx.sharedLong(0);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(ctx.start(() -> awaitState(lock, condition, waiting, state, 1)));
            }
            awaitWaiters(lock, waiting, 2);
            state.set(1);
            condition.signalAll();
            // Python: cond.notify_all(); cond.wait(0.05) -- a wait that starts after the signal must not
            // take the wake-ups meant for the waiters that were there when it was sent
            condition.awaitNanos(TimeUnit.MILLISECONDS.toNanos(50));
            condition.awaitNanos(TimeUnit.MILLISECONDS.toNanos(50));
            lock.unlock();
            Workers.joinPromptly("signalAll()", workers.toArray(Worker[]::new));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signal_pingPongWithWorker_neverLosesAWakeUp(Engine engine) throws Exception {
        int rounds = 300;
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition turnChanged = lock.newCondition();
            SharedLong turn = ctx.sharedLong(0); // 0: the parent's turn, 1: the worker's, 2: stop
            Worker w = ctx.start(() -> {
                lock.lock();
                try {
                    for (long n = 0; ; n++) {
                        long remaining = Workers.PROMPT.toNanos();
                        while (turn.get() == 0) {
                            long left = remaining;
                            remaining = uninterruptibly(() -> turnChanged.awaitNanos(left));
                            check(remaining > 0, "the worker missed the signal of round " + n);
                        }
                        if (turn.get() == 2) {
                            return;
                        }
                        turn.set(0);
                        turnChanged.signal();
                    }
                } finally {
                    lock.unlock();
                }
            });
            lock.lock();
            try {
                for (int i = 0; i < rounds; i++) {
                    turn.set(1);
                    turnChanged.signal();
                    long remaining = Workers.PROMPT.toNanos();
                    while (turn.get() != 0) {
                        remaining = turnChanged.awaitNanos(remaining); // the signaller waits at once, as ping-pong does
                        assertTrue(remaining > 0 || turn.get() == 0, "no answer to round " + i + " within "
                                + Workers.PROMPT + ": a signal was lost");
                    }
                }
            } finally {
                turn.set(2);
                turnChanged.signalAll();
                lock.unlock();
            }
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitUntilPredicate_madeTrueByWorker_returnsTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition condition = lock.newCondition();
            SharedLong state = ctx.sharedLong(0);
            lock.lock();
            Worker w = ctx.start(() -> {
                for (int i = 1; i <= 3; i++) {
                    Workers.sleep(30);
                    lock.lock();
                    state.set(i);
                    condition.signalAll();
                    lock.unlock();
                }
            });
            long t0 = System.nanoTime();
            assertTrue(condition.awaitUntil(() -> state.get() == 3, LONG));
            assertTrue(Workers.millisSince(t0) < Workers.PROMPT.toMillis(), "woken by a signal, not by the timeout");
            assertTrue(lock.isLocked(), "awaitUntil returns with the lock held");
            lock.unlock();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitUntilPredicate_workerWaitsParentMakesTrue_returnsTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition condition = lock.newCondition();
            SharedLong waiting = ctx.sharedLong(0);
            SharedLong state = ctx.sharedLong(0);
            Worker w = ctx.start(() -> {
                lock.lock();
                try {
                    waiting.incrementAndGet();
                    check(uninterruptibly(() -> condition.awaitUntil(() -> state.get() == 2, LONG)),
                            "the predicate became true");
                    check(lock.isLocked(), "awaitUntil returns with the lock held");
                } finally {
                    lock.unlock();
                }
            });
            awaitWaiters(lock, waiting, 1);
            state.set(1);
            condition.signalAll();
            lock.unlock();
            lock.lock();
            state.set(2);
            condition.signalAll();
            lock.unlock();
            Workers.joinPromptly("the predicate became true", w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitUntilPredicate_neverTrue_returnsFalseAfterTimeoutWithLockHeld(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            AtomicInteger evaluations = new AtomicInteger();
            lock.lock();
            long t0 = System.nanoTime();
            assertFalse(condition.awaitUntil(() -> evaluations.incrementAndGet() < 0, Duration.ofMillis(200)));
            long waited = Workers.millisSince(t0);
            assertTrue(waited >= 190, "gave up after " + waited + " ms");
            assertTrue(evaluations.get() >= 2, "evaluated before the wait and again at the timeout");
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals(1, lock.holdCount());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitUntilPredicate_alreadyTrue_returnsTrueWithoutWaiting(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            AtomicBoolean heldWhileEvaluated = new AtomicBoolean();
            lock.lock();
            long t0 = System.nanoTime();
            assertTrue(condition.awaitUntil(() -> {
                heldWhileEvaluated.set(lock.isHeldByCurrentThread());
                return true;
            }, LONG));
            assertTrue(Workers.millisSince(t0) < 1_000);
            assertTrue(heldWhileEvaluated.get(), "the predicate runs with the lock held");
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitNanos_noSignal_returnsNonPositiveWithLockHeld(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Condition condition = lock.newCondition();
            lock.lock();
            long remaining = TimeUnit.MILLISECONDS.toNanos(100);
            long t0 = System.nanoTime();
            while (remaining > 0) { // spurious wake-ups are allowed: loop as the contract says
                remaining = condition.awaitNanos(remaining);
                assertTrue(lock.isLocked());
            }
            assertTrue(Workers.millisSince(t0) >= 95);
            long t1 = System.nanoTime();
            boolean signalled = condition.await(50, TimeUnit.MILLISECONDS);
            assertTrue(signalled || Workers.millisSince(t1) >= 45, "await(time) false only after the time");
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void awaitUntilDate_deadlinePassed_returnsFalse(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            lock.lock();
            assertFalse(condition.awaitUntil(new Date(System.currentTimeMillis() - 1_000)));
            long t0 = System.nanoTime();
            Date soon = new Date(System.currentTimeMillis() + 100);
            while (condition.awaitUntil(soon)) {
                assertTrue(Workers.millisSince(t0) < LONG.toMillis(), "awaitUntil(date) never gives up");
            }
            assertTrue(System.currentTimeMillis() >= soon.getTime());
            assertTrue(lock.isHeldByCurrentThread());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_rlockHeldTwice_releasesEveryHoldAndRestoresThem(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            SharedLong state = ctx.sharedLong(0);
            lock.lock();
            lock.lock();
            Worker w = ctx.start(() -> {
                lock.lock(); // only possible if await released both holds
                state.set(1);
                condition.signalAll();
                lock.unlock();
            });
            assertTrue(condition.awaitUntil(() -> state.get() == 1, LONG));
            assertEquals(2, lock.holdCount());
            lock.unlock();
            lock.unlock();
            assertFalse(lock.isLocked());
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void await_interrupted_throwsInterruptedExceptionWithLockHeld(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Condition condition = lock.newCondition();
            AtomicBoolean waiting = new AtomicBoolean();
            AtomicBoolean heldAfter = new AtomicBoolean();
            Throwable thrown = Workers.interruptWhileBlocked(() -> {
                lock.lock();
                try {
                    waiting.set(true);
                    condition.await();
                } finally {
                    heldAfter.set(lock.isHeldByCurrentThread() && lock.holdCount() == 1);
                    lock.unlock();
                }
            }, () -> {
                if (!waiting.get() || !lock.tryLock()) {
                    return false; // acquiring the lock after 'waiting' proves the caller is inside await()
                }
                lock.unlock();
                return true;
            });
            assertInstanceOf(InterruptedException.class, thrown);
            assertTrue(heldAfter.get(), "await() takes the lock back before it throws");
            assertFalse(lock.isLocked());
        }
    }

    /** Takes the lock and waits until every one of {@code n} waiters is inside await(); returns holding it. */
    private static void awaitWaiters(Lock lock, SharedLong waiting, int n) throws InterruptedException {
        eventually(n + " waiters", () -> waiting.get() == n);
        lock.lock(); // each waiter counted itself under the lock, so holding it now means they all await
    }

    private static void awaitState(Lock lock, Condition condition, SharedLong waiting, SharedLong state, long value) {
        lock.lock();
        try {
            waiting.incrementAndGet();
            long remaining = LONG.toNanos();
            while (state.get() != value) {
                long left = remaining;
                remaining = uninterruptibly(() -> condition.awaitNanos(left));
                check(remaining > 0, "no signal within " + LONG);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void takeToken(Lock lock, Condition condition, SharedLong waiting, SharedLong tokens) {
        lock.lock();
        try {
            waiting.incrementAndGet();
            long remaining = LONG.toNanos();
            while (tokens.get() == 0) {
                long left = remaining;
                remaining = uninterruptibly(() -> condition.awaitNanos(left));
                check(remaining > 0, "no token within " + LONG);
            }
            tokens.addAndGet(-1);
        } finally {
            lock.unlock();
        }
    }
}
