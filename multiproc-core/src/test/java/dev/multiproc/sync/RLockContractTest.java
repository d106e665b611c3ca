package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.RLock;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.joinFailed;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link RLock} must do (Python's {@code RLock}); the other parties are workers of that engine. */
@Timeout(60)
class RLockContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lock_reenteredByOwner_holdCountTracksHolds(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            assertEquals(0, lock.holdCount());
            assertFalse(lock.isHeldByCurrentThread());
            lock.lock();
            lock.lock();
            assertTrue(lock.tryLock());
            assertTrue(lock.tryLock(10, TimeUnit.MILLISECONDS));
            lock.lockInterruptibly();
            assertEquals(5, lock.holdCount());
            assertTrue(lock.isHeldByCurrentThread());
            for (int held = 5; held > 1; held--) {
                lock.unlock();
                assertEquals(held - 1, lock.holdCount());
                assertTrue(lock.isLocked(), "still held after one of several unlocks");
            }
            lock.unlock();
            assertEquals(0, lock.holdCount());
            assertFalse(lock.isHeldByCurrentThread());
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_whenFree_throwsIllegalMonitorState(Engine engine) {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            lock.lock();
            lock.unlock();
            assertThrows(IllegalMonitorStateException.class, lock::unlock, "more unlocks than holds");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_byNonOwnerWorker_throwsIllegalMonitorState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            lock.lock();
            Worker w = ctx.start(() -> {
                check(lock.isLocked(), "the worker sees the parent's hold");
                check(!lock.isHeldByCurrentThread() && lock.holdCount() == 0, "the worker does not own it");
                lock.unlock();
            });
            WorkerException e = joinFailed(w);
            assertEquals(IllegalMonitorStateException.class.getName(), e.remoteClassName(), Workers.describe(e));
            assertTrue(lock.isHeldByCurrentThread(), "the failed unlock left the parent's hold alone");
            assertEquals(1, lock.holdCount());
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_byOtherThreadOfSameProcess_throwsIllegalMonitorState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            lock.lock();
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    lock.unlock();
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
            });
            assertInstanceOf(IllegalMonitorStateException.class, thrown.get(LONG.toSeconds(), TimeUnit.SECONDS));
            assertEquals(1, lock.holdCount());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLock_heldByWorker_parentIsNotOwnerAndGetsFalse(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            Event held = ctx.event();
            Event release = ctx.event();
            Worker w = ctx.start(() -> {
                lock.lock();
                lock.lock();
                check(lock.holdCount() == 2, "the worker's hold count");
                held.set();
                check(uninterruptibly(() -> release.await(LONG)), "the parent lets go");
                lock.unlock();
                lock.unlock();
            });
            assertTrue(held.await(LONG));
            assertTrue(lock.isLocked());
            assertFalse(lock.isHeldByCurrentThread());
            assertEquals(0, lock.holdCount());
            assertFalse(lock.tryLock());
            assertFalse(lock.tryLock(100, TimeUnit.MILLISECONDS));
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            release.set();
            joinOk(w);
            assertTrue(lock.tryLock(LONG.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(1, lock.holdCount());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lockInterruptibly_interruptedWhileBlocked_throwsInterruptedException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            lock.lock();
            Throwable thrown = Workers.interruptWhileBlocked(lock::lockInterruptibly, null);
            assertInstanceOf(InterruptedException.class, thrown);
            assertEquals(1, lock.holdCount());
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lock_twoWorkersReentering_loseNoUpdate(Engine engine) throws Exception {
        int perWorker = engine.rounds(1_000);
        try (Context ctx = engine.open()) {
            RLock lock = ctx.rlock();
            SharedLong counter = ctx.sharedLong(0);
            SharedLong inside = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> incrementReentrantly(lock, counter, inside, perWorker));
            joinOk(workers);
            assertEquals(2L * perWorker, counter.get());
            assertFalse(lock.isLocked());
        }
    }

    private static void incrementReentrantly(RLock lock, SharedLong counter, SharedLong inside, int n) {
        for (int i = 0; i < n; i++) {
            lock.lock();
            try {
                check(inside.incrementAndGet() == 1, "two owners inside the rlock");
                lock.lock();
                try {
                    check(lock.holdCount() == 2, "hold count inside the nested hold: " + lock.holdCount());
                    counter.set(counter.get() + 1);
                } finally {
                    lock.unlock();
                }
                check(lock.isHeldByCurrentThread(), "the outer hold survives the inner unlock");
                inside.addAndGet(-1);
            } finally {
                lock.unlock();
            }
        }
    }
}
