package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Lock;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link Lock} must do (Python's {@code Lock}); the other parties are workers of that engine. */
@Timeout(60)
class LockContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lock_whenFree_locksUntilUnlock(Engine engine) {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            assertFalse(lock.isLocked());
            lock.lock();
            assertTrue(lock.isLocked());
            assertFalse(lock.previousOwnerDied());
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLock_whenFree_returnsTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            assertTrue(lock.tryLock());
            lock.unlock();
            assertTrue(lock.tryLock(10, TimeUnit.MILLISECONDS));
            assertTrue(lock.isLocked());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLock_sameThreadAgain_returnsFalseNotReentrant(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            lock.lock();
            assertFalse(lock.tryLock());
            assertFalse(lock.tryLock(50, TimeUnit.MILLISECONDS));
            lock.unlock();
            assertFalse(lock.isLocked(), "one unlock frees it: the failed attempts took no hold");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLock_heldByParent_workerGetsFalseAfterTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            lock.lock();
            Worker w = ctx.start(() -> {
                check(lock.isLocked(), "the worker sees the parent's hold");
                check(!lock.tryLock(), "tryLock() on a held lock");
                long t0 = System.nanoTime();
                boolean got = uninterruptibly(() -> lock.tryLock(200, TimeUnit.MILLISECONDS));
                long waited = Workers.millisSince(t0);
                check(!got, "tryLock(200 ms) on a held lock");
                check(waited >= 190, "tryLock(200 ms) gave up after " + waited + " ms");
            });
            joinOk(w);
            assertTrue(lock.isLocked());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLockTimeout_releasedWhileWaiting_returnsTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Event waiting = ctx.event();
            lock.lock();
            Worker w = ctx.start(() -> {
                waiting.set();
                check(uninterruptibly(() -> lock.tryLock(LONG.toMillis(), TimeUnit.MILLISECONDS)),
                        "tryLock(timeout) after the holder released");
                lock.unlock();
            });
            assertTrue(waiting.await(LONG));
            Thread.sleep(100);
            lock.unlock();
            joinOk(w);
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lock_heldByWorker_parentBlocksUntilWorkerUnlocks(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Event held = ctx.event();
            SharedLong released = ctx.sharedLong(0);
            Worker w = ctx.start(() -> {
                lock.lock();
                held.set();
                Workers.sleep(200);
                released.set(1);
                lock.unlock();
            });
            assertTrue(held.await(LONG));
            lock.lock();
            assertEquals(1, released.get(), "lock() returned before the worker's unlock");
            lock.unlock();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lockInterruptibly_interruptedWhileBlocked_throwsInterruptedException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            lock.lock();
            Throwable thrown = Workers.interruptWhileBlocked(lock::lockInterruptibly, null);
            assertInstanceOf(InterruptedException.class, thrown);
            assertTrue(lock.isLocked());
            lock.unlock();
            assertFalse(lock.isLocked(), "the interrupted caller took no hold");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tryLockTimeout_interruptedWhileBlocked_throwsInterruptedException(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            lock.lock();
            Throwable thrown = Workers.interruptWhileBlocked(() -> lock.tryLock(LONG.toMillis(), TimeUnit.MILLISECONDS),
                    null);
            assertInstanceOf(InterruptedException.class, thrown);
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lockInterruptibly_alreadyInterrupted_throwsInterruptedException(Engine engine) {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Thread.currentThread().interrupt();
            try {
                assertThrows(InterruptedException.class, lock::lockInterruptibly);
            } finally {
                Thread.interrupted();
            }
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_whenFree_throwsIllegalMonitorState(Engine engine) {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            lock.lock();
            lock.unlock();
            assertThrows(IllegalMonitorStateException.class, lock::unlock);
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_byWorker_releasesParentsHold(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            lock.lock();
            Worker w = ctx.start(() -> {
                check(lock.isLocked(), "the worker sees the parent's hold");
                lock.unlock();
            });
            joinOk(w);
            assertFalse(lock.isLocked());
            assertTrue(lock.tryLock());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unlock_byParent_releasesLiveWorkersHold(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Event held = ctx.event();
            Event done = ctx.event();
            Worker w = ctx.start(() -> {
                lock.lock();
                held.set();
                check(uninterruptibly(() -> done.await(LONG)), "the parent signals the end");
            });
            assertTrue(held.await(LONG));
            lock.unlock();
            assertFalse(lock.isLocked());
            assertTrue(lock.tryLock());
            assertFalse(lock.previousOwnerDied());
            lock.unlock();
            done.set();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lock_twoWorkersReadModifyWrite_loseNoUpdate(Engine engine) throws Exception {
        int perWorker = engine.rounds(2_000);
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            SharedLong counter = ctx.sharedLong(0);
            SharedLong inside = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> incrementUnderLock(lock, counter, inside, perWorker));
            joinOk(workers);
            assertEquals(2L * perWorker, counter.get());
            assertFalse(lock.isLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void previousOwnerDied_ordinaryHandOffBetweenWorkers_false(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            Worker w = ctx.start(() -> {
                lock.lock();
                check(!lock.previousOwnerDied(), "the first owner took over from nobody");
                lock.unlock();
            });
            joinOk(w);
            lock.lock();
            assertFalse(lock.previousOwnerDied());
            lock.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void newCondition_boundToLock_signalNeedsTheLock(Engine engine) {
        try (Context ctx = engine.open()) {
            Lock lock = ctx.lock();
            var condition = lock.newCondition();
            assertThrows(IllegalMonitorStateException.class, condition::signal);
            lock.lock();
            condition.signal();
            condition.signalAll();
            lock.unlock();
        }
    }

    /** {@code n} read-modify-writes of {@code counter} under {@code lock}, checking that nobody else is inside. */
    static void incrementUnderLock(Lock lock, SharedLong counter, SharedLong inside, int n) {
        for (int i = 0; i < n; i++) {
            lock.lock();
            try {
                check(inside.incrementAndGet() == 1, "two holders inside the lock");
                counter.set(counter.get() + 1);
                inside.addAndGet(-1);
            } finally {
                lock.unlock();
            }
        }
    }
}
