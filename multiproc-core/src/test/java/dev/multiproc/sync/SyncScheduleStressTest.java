package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Condition;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.RLock;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A property test of the synchronization algorithms (on the process engine: the shared-memory ones): parties
 * in this JVM and in workers of the engine run seeded random mixes of lock, rlock, semaphore and condition
 * operations, and check invariants after every step (exclusion, hold counts, permits, a bounded token count).
 * The schedule is bounded in time, about {@link #RUN} per engine.
 *
 * <p>Repeat a schedule with {@code -Dmultiproc.test.seed=N} (the seed is in every failure message); the
 * operations of each party repeat exactly, the interleaving does not.
 */
@Timeout(60)
class SyncScheduleStressTest {
    private static final Duration RUN = Duration.ofMillis(1_500);
    private static final int LOCAL_PARTIES = 2;
    private static final int WORKER_PARTIES = 2;
    private static final int SEMAPHORE_PERMITS = 3;
    private static final int BOUNDED_PERMITS = 2;
    private static final int TOKEN_CAPACITY = 4;

    /** The invariants, as indexes into {@link Subjects#violations}. */
    private static final String[] INVARIANTS = {
        "two holders inside the lock", "lock not locked while held", "lock re-entered by its holder",
        "two owners inside the rlock", "rlock hold count wrong", "more than permits inside the semaphore",
        "more than permits inside the bounded semaphore", "token count out of [0, capacity]",
        "condition predicate false on a true return", "unexpected exception",
    };
    private static final int LOCK_SHARED = 0;
    private static final int LOCK_NOT_LOCKED = 1;
    private static final int LOCK_REENTERED = 2;
    private static final int RLOCK_SHARED = 3;
    private static final int RLOCK_COUNT = 4;
    private static final int SEMAPHORE_OVER = 5;
    private static final int BOUNDED_OVER = 6;
    private static final int TOKENS_OUT = 7;
    private static final int PREDICATE_FALSE = 8;
    private static final int UNEXPECTED = 9;

    /** Everything a party needs; Serializable so that it travels to a child JVM whole. */
    record Subjects(Lock lock, RLock rlock, Semaphore semaphore, Semaphore bounded, Condition tokensChanged,
                    SharedLong inLock, SharedLong inRLock, SharedLong inSemaphore, SharedLong inBounded,
                    SharedLong tokens, SharedLong produced, SharedLong consumed, SharedLongArray violations,
                    SharedLongArray opsDone) implements Serializable {

        static Subjects of(Context ctx) {
            Lock lock = ctx.lock();
            return new Subjects(lock, ctx.rlock(), ctx.semaphore(SEMAPHORE_PERMITS),
                    ctx.boundedSemaphore(BOUNDED_PERMITS), lock.newCondition(), ctx.sharedLong(0),
                    ctx.sharedLong(0), ctx.sharedLong(0), ctx.sharedLong(0), ctx.sharedLong(0), ctx.sharedLong(0),
                    ctx.sharedLong(0), ctx.sharedLongArray(INVARIANTS.length), ctx.sharedLongArray(8));
        }

        void violated(int invariant) {
            violations.addAndGet(invariant, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void randomSchedules_threadsAndWorkers_keepEveryInvariant(Engine engine) throws Exception {
        long seed = Long.getLong("multiproc.test.seed", System.nanoTime());
        String why = " (" + engine + ", seed=" + seed + ")";
        try (Context ctx = engine.open()) {
            Subjects s = Subjects.of(ctx);
            Gate gate = Gate.of(ctx);
            long runMillis = RUN.toMillis();
            List<Worker> workers = new ArrayList<>();
            for (int p = 0; p < WORKER_PARTIES; p++) {
                long partySeed = seed + 0x9E3779B97F4A7C15L * (p + 1);
                workers.add(ctx.start(() -> {
                    gate.pass();
                    runSchedule(s, partySeed, runMillis);
                }));
            }
            List<CompletableFuture<Void>> locals = new ArrayList<>();
            for (int p = WORKER_PARTIES; p < WORKER_PARTIES + LOCAL_PARTIES; p++) {
                long partySeed = seed + 0x9E3779B97F4A7C15L * (p + 1);
                CompletableFuture<Void> done = new CompletableFuture<>();
                Thread.ofPlatform().name("party-" + p).start(() -> {
                    try {
                        gate.pass();
                        runSchedule(s, partySeed, runMillis);
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                });
                locals.add(done);
            }
            gate.openWhenArrived(WORKER_PARTIES + LOCAL_PARTIES);
            for (CompletableFuture<Void> done : locals) {
                assertNull(done.get(Workers.LONG.toSeconds(), TimeUnit.SECONDS));
            }
            joinOk(workers.toArray(Worker[]::new));

            StringBuilder broken = new StringBuilder();
            for (int i = 0; i < INVARIANTS.length; i++) {
                if (s.violations().get(i) != 0) {
                    broken.append(INVARIANTS[i]).append(": ").append(s.violations().get(i)).append("; ");
                }
            }
            assertEquals("", broken.toString(), "invariants broken" + why);
            assertFalse(s.lock().isLocked(), why);
            assertFalse(s.rlock().isLocked(), why);
            assertEquals(SEMAPHORE_PERMITS, s.semaphore().availablePermits(), "permits lost or made" + why);
            assertEquals(BOUNDED_PERMITS, s.bounded().availablePermits(), "bounded permits lost or made" + why);
            assertThrows(IllegalStateException.class, s.bounded()::release, why);
            assertEquals(0, s.inLock().get() + s.inRLock().get() + s.inSemaphore().get() + s.inBounded().get(), why);
            assertEquals(s.produced().get() - s.consumed().get(), s.tokens().get(), "token bookkeeping" + why);
            long total = 0;
            for (int op = 0; op < s.opsDone().length(); op++) {
                assertTrue(s.opsDone().get(op) > 0, "operation " + op + " never ran" + why);
                total += s.opsDone().get(op);
            }
            System.out.println("random schedules" + why + ": " + total + " operations in " + RUN.toMillis() + " ms");
        }
    }

    /** One party: random operations until {@code runMillis} have passed since it started. */
    static void runSchedule(Subjects s, long seed, long runMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
        try {
            while (System.nanoTime() - end < 0) {
                int op = random.nextInt(8);
                boolean done = switch (op) {
                    case 0, 1 -> lockOp(s, random);
                    case 2 -> rlockOp(s, random);
                    case 3 -> semaphoreOp(s.semaphore(), s.inSemaphore(), SEMAPHORE_PERMITS, SEMAPHORE_OVER, s, random);
                    case 4 -> semaphoreOp(s.bounded(), s.inBounded(), BOUNDED_PERMITS, BOUNDED_OVER, s, random);
                    case 5, 6 -> tokenOp(s, random, true);
                    default -> tokenOp(s, random, false);
                };
                if (done) {
                    s.opsDone().addAndGet(op, 1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException | Error e) {
            s.violated(UNEXPECTED);
            throw e;
        }
    }

    /** Takes the plain lock one of four ways; inside, checks exclusion and that it does not re-enter. */
    private static boolean lockOp(Subjects s, SplittableRandom random) throws InterruptedException {
        Lock lock = s.lock();
        boolean got = switch (random.nextInt(4)) {
            case 0 -> {
                lock.lock();
                yield true;
            }
            case 1 -> lock.tryLock();
            case 2 -> lock.tryLock(random.nextInt(2_000), TimeUnit.MICROSECONDS);
            default -> {
                lock.lockInterruptibly();
                yield true;
            }
        };
        if (!got) {
            return false;
        }
        try {
            if (s.inLock().incrementAndGet() != 1) {
                s.violated(LOCK_SHARED);
            }
            if (!lock.isLocked()) {
                s.violated(LOCK_NOT_LOCKED);
            }
            if (random.nextInt(8) == 0 && lock.tryLock()) {
                s.violated(LOCK_REENTERED);
                lock.unlock(); // give back the hold it should never have granted
            }
            Workers.spin(random.nextInt(20_000));
            s.inLock().addAndGet(-1);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Takes the rlock 1 to 3 deep, mixing blocking and timed acquires; checks hold counts and exclusion. */
    private static boolean rlockOp(Subjects s, SplittableRandom random) throws InterruptedException {
        RLock rlock = s.rlock();
        if (random.nextBoolean()) {
            rlock.lock();
        } else if (!rlock.tryLock(random.nextInt(2_000), TimeUnit.MICROSECONDS)) {
            return false;
        }
        int depth = 1;
        try {
            if (s.inRLock().incrementAndGet() != 1) {
                s.violated(RLOCK_SHARED);
            }
            int extra = random.nextInt(3);
            for (int i = 0; i < extra; i++) {
                if (random.nextBoolean() ? rlock.tryLock() : rlock.tryLock(1, TimeUnit.MILLISECONDS)) {
                    depth++;
                } else {
                    s.violated(RLOCK_COUNT); // the owner must always get its own lock again
                }
            }
            if (rlock.holdCount() != depth || !rlock.isHeldByCurrentThread()) {
                s.violated(RLOCK_COUNT);
            }
            Workers.spin(random.nextInt(20_000));
            while (depth > 1) {
                rlock.unlock();
                depth--;
                if (rlock.holdCount() != depth) {
                    s.violated(RLOCK_COUNT);
                }
            }
            s.inRLock().addAndGet(-1);
        } finally {
            while (depth-- > 0) {
                rlock.unlock();
            }
        }
        if (rlock.holdCount() != 0 || rlock.isHeldByCurrentThread()) {
            s.violated(RLOCK_COUNT);
        }
        return true;
    }

    private static boolean semaphoreOp(Semaphore sem, SharedLong inside, int permits, int invariant, Subjects s,
                                       SplittableRandom random) throws InterruptedException {
        boolean got = switch (random.nextInt(3)) {
            case 0 -> {
                sem.acquire();
                yield true;
            }
            case 1 -> sem.tryAcquire();
            default -> sem.tryAcquire(Duration.ofNanos(random.nextInt(2_000_000)));
        };
        if (!got) {
            return false;
        }
        try {
            if (inside.incrementAndGet() > permits) {
                s.violated(invariant);
            }
            Workers.spin(random.nextInt(20_000));
            inside.addAndGet(-1);
        } finally {
            sem.release();
        }
        return true;
    }

    /** Produces or consumes a token under the lock, waiting on the condition for room or for a token. */
    private static boolean tokenOp(Subjects s, SplittableRandom random, boolean produce) throws InterruptedException {
        Lock lock = s.lock();
        lock.lock();
        try {
            SharedLong tokens = s.tokens();
            Duration wait = Duration.ofNanos(random.nextInt(3_000_000));
            boolean ready = produce
                    ? s.tokensChanged().awaitUntil(() -> tokens.get() < TOKEN_CAPACITY, wait)
                    : s.tokensChanged().awaitUntil(() -> tokens.get() > 0, wait);
            if (!ready) {
                return false;
            }
            if (s.inLock().incrementAndGet() != 1) {
                s.violated(LOCK_SHARED);
            }
            long now = tokens.get();
            if (produce ? now >= TOKEN_CAPACITY : now <= 0) {
                s.violated(PREDICATE_FALSE);
            } else {
                tokens.set(produce ? now + 1 : now - 1);
                (produce ? s.produced() : s.consumed()).incrementAndGet();
            }
            if (tokens.get() < 0 || tokens.get() > TOKEN_CAPACITY) {
                s.violated(TOKENS_OUT);
            }
            if (random.nextBoolean()) {
                s.tokensChanged().signalAll();
            } else {
                s.tokensChanged().signal();
            }
            s.inLock().addAndGet(-1);
            return true;
        } finally {
            lock.unlock();
        }
    }
}
