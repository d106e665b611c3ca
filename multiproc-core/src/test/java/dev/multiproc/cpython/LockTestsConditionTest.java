package dev.multiproc.cpython;

import dev.multiproc.Condition;
import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Lock;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code lock_tests.ConditionTests}, translated, on every engine. Java's {@code notify(n)} is n calls of
 * {@code signal()}, and {@code wait()} returns nothing.
 */
@Timeout(120)
class LockTestsConditionTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void acquire_rlockIsReentrantLockIsNot(Engine engine) {
        try (Context ctx = engine.open()) {
            Condition c = ctx.condition();
            Lock rl = ctx.rlock();
            Condition onRlock = ctx.condition(rl);
            rl.lock();
            rl.lock();
            rl.unlock();
            rl.unlock();
            Lock l = ctx.lock();
            Condition onLock = ctx.condition(l);
            l.lock();
            assertFalse(l.tryLock(), "the condition's lock is held");
            l.unlock();
            assertTrue(l.tryLock());
            l.unlock();
            assertTrue(c != null && onRlock != null && onLock != null);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unacquired_waitAndNotify_throwIllegalMonitorState(Engine engine) {
        try (Context ctx = engine.open()) {
            Condition c = ctx.condition();
            assertThrows(IllegalMonitorStateException.class, c::await);
            assertThrows(IllegalMonitorStateException.class, c::signal);
            assertThrows(IllegalMonitorStateException.class, c::signalAll);
        }
    }

    /** test_notify: notify(n - 2), notify(n) and notify_all wake exactly that many waiters; run twice. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void notify_countsThenAll_wakeThatMany(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Lock lock = ctx.rlock();
            Condition c = ctx.condition(lock);
            for (int round = 0; round < 2; round++) { // CPython: the state must be fine for a second use
                checkNotify(ctx, lock, c, n);
            }
        }
    }

    private static void checkNotify(Context ctx, Lock lock, Condition c, int n) throws Exception {
        SharedLong phase = ctx.sharedLong(0), ready = ctx.sharedLong(0);
        Queue<Long> results1 = ctx.queue(), results2 = ctx.queue();
        List<Worker> waiters = Bunch.start(ctx, n, () -> {
            results1.put(waitOnce(lock, c, ready, phase));
            results2.put(waitOnce(lock, c, ready, phase));
        });
        eventually("all wait", () -> ready.get() >= n);
        int first = n - 2; // CPython: notify(3) of 5
        signal(lock, c, first, phase, 1);
        assertEquals(nCopies(first, 1L), drain(results1, first));
        assertTrue(results2.isEmpty());
        eventually("the woken wait again", () -> ready.get() >= n + first);
        signal(lock, c, n, phase, 2); // the 2 still in their first wait, and those in their second
        assertEquals(nCopies(n - first, 2L), drain(results1, n - first));
        assertEquals(nCopies(first, 2L), drain(results2, first));
        eventually("the rest wait again", () -> ready.get() >= 2L * n);
        signal(lock, c, -1, phase, 3); // notify_all
        assertEquals(nCopies(n - first, 3L), drain(results2, n - first));
        joinOk(waiters.toArray(Worker[]::new));
    }

    private static long waitOnce(Lock lock, Condition c, SharedLong ready, SharedLong phase) throws Exception {
        lock.lock();
        try {
            ready.incrementAndGet();
            c.await();
            return phase.get();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes {@code count} waiters ({@code -1}: all), then moves to {@code phase} before releasing the lock. */
    private static void signal(Lock lock, Condition c, int count, SharedLong phase, long next) throws Exception {
        lock.lock();
        try {
            if (count < 0) {
                c.signalAll();
            } else {
                for (int i = 0; i < count; i++) {
                    c.signal();
                }
            }
            Thread.sleep(30); // CPython: the woken cannot run before the lock is released
            phase.set(next);
        } finally {
            lock.unlock();
        }
    }

    private static List<Long> drain(Queue<Long> q, int count) throws InterruptedException {
        List<Long> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long v = q.poll(Bunch.SHORT);
            check(v != null, "a woken waiter's result");
            got.add(v);
        }
        Thread.sleep(50);
        check(q.isEmpty(), "more waiters woke than were signalled: " + q.size());
        return got;
    }

    private static List<Long> nCopies(int n, long v) {
        return java.util.Collections.nCopies(n, v);
    }

    /** test_timeout: waits with nobody notifying return false after the timeout. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void timeout_nobodyNotifies_falseAfterTheTimeout(Engine engine) throws Exception {
        int n = Bunch.parties(engine);
        try (Context ctx = engine.open()) {
            Condition c = ctx.condition();
            Lock lock = ctx.rlock();
            Condition onLock = ctx.condition(lock);
            Bunch.run(ctx, n, () -> {
                lock.lock();
                try {
                    long t0 = System.nanoTime();
                    boolean woken = onLock.await(500, TimeUnit.MILLISECONDS);
                    Bunch.assertTimeout(System.nanoTime() - t0, Duration.ofMillis(500));
                    check(!woken, "nobody notified");
                } finally {
                    lock.unlock();
                }
            });
            assertTrue(c != null);
        }
    }

    /** test_waitfor: wait_for returns once the predicate holds. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitFor_predicateBecomesTrue_returnsTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.rlock();
            Condition c = ctx.condition(lock);
            SharedLong state = ctx.sharedLong(0);
            Worker w = ctx.start(task(() -> {
                lock.lock();
                try {
                    check(c.awaitUntil(() -> state.get() == 4, Bunch.SHORT), "the predicate held");
                    check(state.get() == 4, "state 4");
                } finally {
                    lock.unlock();
                }
            }));
            bump(lock, c, state, 4);
            joinOk(w);
        }
    }

    /** test_waitfor_timeout: wait_for returns false once the timeout elapsed. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitFor_predicateNeverTrue_falseAfterTheTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.rlock();
            Condition c = ctx.condition(lock);
            SharedLong state = ctx.sharedLong(0);
            Worker w = ctx.start(task(() -> {
                lock.lock();
                try {
                    long t0 = System.nanoTime();
                    check(!c.awaitUntil(() -> state.get() == 4, Duration.ofMillis(100)), "never 4");
                    Bunch.assertTimeout(System.nanoTime() - t0, Duration.ofMillis(100));
                } finally {
                    lock.unlock();
                }
            }));
            bump(lock, c, state, 3);
            joinOk(w);
        }
    }

    private static void bump(Lock lock, Condition c, SharedLong state, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            Thread.sleep(10);
            lock.lock();
            try {
                state.incrementAndGet();
                c.signal();
            } finally {
                lock.unlock();
            }
        }
    }
}
