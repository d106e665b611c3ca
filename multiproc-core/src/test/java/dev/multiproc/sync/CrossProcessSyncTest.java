package dev.multiproc.sync;

import dev.multiproc.Barrier;
import dev.multiproc.Condition;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Lock;
import dev.multiproc.RLock;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.SharedMemory;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the process engine must survive: primitives shared between JVMs, holders and parties killed with
 * SIGKILL, and {@code /dev/shm} files that must not outlive their users.
 */
@Timeout(60)
class CrossProcessSyncTest {
    /** How soon the others must notice a dead process; the javadoc promises tens of milliseconds. */
    private static final Duration NOTICE_DEATH = Duration.ofSeconds(5);

    @Test
    void lock_fourWorkersFiveThousandEach_exactCount() throws Exception {
        int perWorker = 5_000;
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            SharedLong counter = ctx.sharedLong(0);
            SharedLong inside = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 4,
                    () -> LockContractTest.incrementUnderLock(lock, counter, inside, perWorker));
            joinOk(workers);
            assertEquals(4L * perWorker, counter.get());
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void sharedValues_threeWorkersContending_loseNoUpdate() throws Exception {
        int n = 20_000;
        try (Context ctx = Context.processes()) {
            SharedLong l = ctx.sharedLong(0);
            SharedDouble d = ctx.sharedDouble(0);
            SharedLongArray la = ctx.sharedLongArray(2);
            SharedDoubleArray da = ctx.sharedDoubleArray(2);
            Worker[] workers = Gate.startTogether(ctx, 3, () -> {
                for (int k = 0; k < n; k++) {
                    l.incrementAndGet();
                    d.addAndGet(0.25);
                    la.addAndGet(k & 1, 1);
                    da.addAndGet(k & 1, 0.5);
                }
            });
            joinOk(workers);
            assertEquals(3L * n, l.get());
            assertEquals(3.0 * n / 4, d.get(), 0.0);
            assertEquals(3L * n / 2, la.get(0));
            assertEquals(3L * n / 2, la.get(1));
            assertEquals(3.0 * n / 4, da.get(0), 0.0);
            assertEquals(3.0 * n / 4, da.get(1), 0.0);
        }
    }

    @Test
    void semaphore_fourWorkersTwoPermits_neverMoreThanTwoInside() throws Exception {
        try (Context ctx = Context.processes()) {
            Semaphore s = ctx.semaphore(2);
            SharedLong inside = ctx.sharedLong(0);
            SharedLong most = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 4,
                    () -> SemaphoreContractTest.enterRepeatedly(s, inside, most, 500));
            joinOk(workers);
            assertTrue(most.get() <= 2, "inside at once: " + most.get());
            assertEquals(2, most.get(), "two permits were used at once at least once (else the test proves little)");
            assertEquals(2, s.availablePermits());
        }
    }

    @Test
    void event_set_releasesEveryWaitingWorkerPromptly() throws Exception {
        try (Context ctx = Context.processes()) {
            Event e = ctx.event();
            SharedLong arrived = ctx.sharedLong(0);
            SharedLongArray wokeAt = ctx.sharedLongArray(3);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int me = i;
                workers.add(ctx.start(() -> {
                    arrived.incrementAndGet();
                    runUninterruptibly(e::await);
                    wokeAt.set(me, System.nanoTime()); // CLOCK_MONOTONIC: comparable across processes on Linux
                }));
            }
            eventually("3 waiters", () -> arrived.get() == 3);
            Thread.sleep(200); // let them all block in the kernel
            long setAt = System.nanoTime();
            e.set();
            joinOk(workers.toArray(Worker[]::new));
            for (int i = 0; i < 3; i++) {
                long ms = TimeUnit.NANOSECONDS.toMillis(wokeAt.get(i) - setAt);
                assertTrue(ms < 2_000, "waiter " + i + " woke " + ms + " ms after set()");
            }
        }
    }

    @Test
    void barrier_threeWorkersTwentyRounds_keepInStep() throws Exception {
        int parties = 3;
        int rounds = 20;
        try (Context ctx = Context.processes()) {
            Barrier b = ctx.barrier(parties);
            SharedLongArray progress = ctx.sharedLongArray(parties);
            SharedLongArray lastArrivals = ctx.sharedLongArray(rounds);
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                int me = i;
                workers.add(ctx.start(() -> {
                    for (int r = 1; r <= rounds; r++) {
                        progress.set(me, r);
                        if (BarrierContractTest.await(b) == 0) {
                            lastArrivals.addAndGet(r - 1, 1);
                        }
                        for (int j = 0; j < parties; j++) {
                            long p = progress.get(j);
                            check(p == r || p == r + 1, "party " + j + " at " + p + " when " + me + " left " + r);
                        }
                    }
                }));
            }
            joinOk(workers.toArray(Worker[]::new));
            for (int r = 0; r < rounds; r++) {
                assertEquals(1, lastArrivals.get(r), "exactly one last arrival (index 0) in round " + r);
            }
        }
    }

    @Test
    void condition_workersAwaitPredicatesSetByAnotherWorker_allProceed() throws Exception {
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            Condition changed = ctx.condition(lock);
            SharedLong state = ctx.sharedLong(0);
            SharedLong waiting = ctx.sharedLong(0);
            List<Worker> waiters = new ArrayList<>();
            for (long target : new long[] {3, 5}) {
                waiters.add(ctx.start(() -> {
                    lock.lock();
                    try {
                        waiting.incrementAndGet();
                        check(uninterruptibly(() -> changed.awaitUntil(() -> state.get() >= target, LONG)),
                                "state reached " + target);
                        check(state.get() >= target, "the predicate holds on return");
                        check(!uninterruptibly(() -> changed.awaitUntil(() -> state.get() > 100,
                                Duration.ofMillis(100))), "a predicate nobody makes true times out");
                    } finally {
                        lock.unlock();
                    }
                }));
            }
            eventually("2 waiters", () -> waiting.get() == 2);
            Worker producer = ctx.start(() -> {
                for (int i = 1; i <= 5; i++) {
                    Workers.sleep(20);
                    lock.lock();
                    try {
                        state.set(i);
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            });
            joinOk(producer);
            Workers.joinPromptly("the producer's last signalAll()", waiters.toArray(Worker[]::new));
        }
    }

    @Test
    void condition_waiterKilled_signalStillReachesTheOther() throws Exception {
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            Condition c = ctx.condition(lock);
            SharedLong state = ctx.sharedLong(0);
            SharedLong waiting = ctx.sharedLong(0);
            Worker victim = ctx.start(() -> awaitStateOnce(lock, c, state, waiting));
            Worker survivor = ctx.start(() -> awaitStateOnce(lock, c, state, waiting));
            eventually("2 waiters", () -> waiting.get() == 2);
            lock.lock();
            lock.unlock(); // both counted themselves under the lock: they are inside await() now
            victim.kill();
            assertTrue(victim.join(LONG));
            lock.lock();
            state.set(1);
            c.signal(); // one signal: it must not be spent on the dead waiter
            lock.unlock();
            assertTrue(survivor.join(NOTICE_DEATH), "the only live waiter missed the signal");
            joinOk(survivor);
        }
    }

    private static void awaitStateOnce(Lock lock, Condition c, SharedLong state, SharedLong waiting) {
        lock.lock();
        try {
            waiting.incrementAndGet();
            while (state.get() == 0) {
                runUninterruptibly(c::await);
            }
        } finally {
            lock.unlock();
        }
    }

    @Test
    void rlock_unlockedByNonOwnerWorker_throwsIllegalMonitorState() throws Exception {
        try (Context ctx = Context.processes()) {
            RLock lock = ctx.rlock();
            Event held = ctx.event();
            Event release = ctx.event();
            Worker owner = ctx.start(() -> {
                lock.lock();
                held.set();
                check(uninterruptibly(() -> release.await(LONG)), "the parent lets go");
                check(lock.holdCount() == 1, "the intruder's unlock left this hold alone");
                lock.unlock();
            });
            assertTrue(held.await(LONG));
            Worker intruder = ctx.start(lock::unlock);
            WorkerException e = joinFailed(intruder);
            assertEquals(IllegalMonitorStateException.class.getName(), e.remoteClassName(), Workers.describe(e));
            assertTrue(lock.isLocked());
            release.set();
            joinOk(owner);
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void boundedSemaphore_overReleasedInWorker_throwsIllegalState() throws Exception {
        try (Context ctx = Context.processes()) {
            Semaphore s = ctx.boundedSemaphore(2);
            Worker w = ctx.start(() -> {
                runUninterruptibly(s::acquire);
                s.release();
                s.release(); // one more than was taken
            });
            WorkerException e = joinFailed(w);
            assertEquals(IllegalStateException.class.getName(), e.remoteClassName(), Workers.describe(e));
            assertEquals(2, s.availablePermits());
        }
    }

    @Test
    void lock_ownerProcessKilledWhileHolding_nextAcquirerToldOwnerDied() throws Exception {
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            Event held = ctx.event();
            Worker victim = ctx.start(() -> {
                lock.lock();
                held.set();
                Workers.sleep(60_000);
            });
            assertTrue(held.await(LONG));
            assertFalse(lock.tryLock());
            victim.kill();
            assertTrue(victim.join(LONG));
            long t0 = System.nanoTime();
            assertTrue(lock.tryLock(NOTICE_DEATH.toMillis(), TimeUnit.MILLISECONDS), "the dead owner's lock");
            long ms = Workers.millisSince(t0);
            assertTrue(lock.previousOwnerDied(), "the one who took over is told");
            lock.unlock();
            assertTrue(lock.tryLock());
            assertFalse(lock.previousOwnerDied(), "told once: cleared by the unlock");
            lock.unlock();
            System.out.println("lock of a killed owner taken over in " + ms + " ms");
        }
    }

    @Test
    void rlock_ownerProcessKilledWhileHoldingTwice_nextAcquirerProceeds() throws Exception {
        try (Context ctx = Context.processes()) {
            RLock lock = ctx.rlock();
            Event held = ctx.event();
            Worker victim = ctx.start(() -> {
                lock.lock();
                lock.lock();
                held.set();
                Workers.sleep(60_000);
            });
            assertTrue(held.await(LONG));
            Throwable blocked = Workers.interruptWhileBlocked(lock::lockInterruptibly, null);
            assertInstanceOf(InterruptedException.class, blocked, "held by the live victim");
            victim.kill();
            assertTrue(victim.join(LONG));
            assertTrue(lock.tryLock(NOTICE_DEATH.toMillis(), TimeUnit.MILLISECONDS), "the dead owner's rlock");
            assertTrue(lock.previousOwnerDied());
            assertEquals(1, lock.holdCount(), "the dead owner's holds are not inherited");
            lock.unlock();
            assertFalse(lock.isLocked());
        }
    }

    /**
     * Kills a process that churns on a lock at a random moment, five times, while a survivor process and the
     * parent keep using it. Run with {@code -Dmultiproc.test.seed=N} to repeat a schedule of kill delays.
     */
    @Test
    @Timeout(120)
    void lock_holderKilledAtRandomPoints_recoversEveryTimeAndLosesNoUpdate() throws Exception {
        long seed = Long.getLong("multiproc.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String why = " (seed=" + seed + ")";
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            SharedLong counter = ctx.sharedLong(0); // written only by the survivor and the parent, under the lock
            SharedLong survivorIncrements = ctx.sharedLong(0);
            SharedLong takeovers = ctx.sharedLong(0);
            SharedLong victimInLock = ctx.sharedLong(0);
            SharedLong victimRounds = ctx.sharedLong(0);
            SharedLong violations = ctx.sharedLong(0);
            Event stop = ctx.event();
            Worker survivor = ctx.start(() -> survive(lock, counter, survivorIncrements, takeovers, stop));
            long parentIncrements = 0;
            int diedHoldingCount = 0;
            for (int rep = 0; rep < 5; rep++) {
                victimInLock.set(0);
                long roundsBefore = victimRounds.get();
                Worker victim = ctx.start(() -> churn(lock, counter, victimInLock, victimRounds, violations));
                eventually("the victim churns" + why, () -> victimRounds.get() > roundsBefore + 10);
                Thread.sleep(random.nextInt(1, 100));
                long takeoversBefore = takeovers.get();
                victim.kill();
                assertTrue(victim.join(LONG), "SIGKILLed victim ends" + why);
                assertEquals(-9, victim.exitCode().orElseThrow());
                boolean diedHolding = victimInLock.get() == 1;
                diedHoldingCount += diedHolding ? 1 : 0;
                assertTrue(lock.tryLock(NOTICE_DEATH.toMillis(), TimeUnit.MILLISECONDS),
                        "the lock is usable after kill #" + rep + why);
                try {
                    if (lock.previousOwnerDied()) {
                        takeovers.incrementAndGet();
                    }
                    counter.set(counter.get() + 1);
                    parentIncrements++;
                } finally {
                    lock.unlock();
                }
                long told = takeovers.get() - takeoversBefore;
                if (diedHolding) {
                    assertEquals(1, told, "kill #" + rep + " hit the victim inside the lock: one acquirer is told"
                            + why);
                } else {
                    assertTrue(told <= 1, "kill #" + rep + ": " + told + " acquirers told" + why);
                }
                assertTrue(survivor.isAlive(), "the survivor is still going" + why);
            }
            stop.set();
            joinOk(survivor);
            assertEquals(0, violations.get(), "someone entered while a victim held the lock" + why);
            assertEquals(survivorIncrements.get() + parentIncrements, counter.get(), "lost updates" + why);
            assertTrue(survivorIncrements.get() > 0);
            long before = counter.get();
            SharedLong inside = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 2,
                    () -> LockContractTest.incrementUnderLock(lock, counter, inside, 2_000));
            joinOk(workers);
            assertEquals(before + 4_000, counter.get(), "lost updates after the kills" + why);
            System.out.println("random kills" + why + ": " + diedHoldingCount + " of 5 inside the lock, "
                    + takeovers.get() + " takeovers reported");
        }
    }

    /** The victim: takes the lock in a loop and checks that nobody writes {@code counter} while it holds it. */
    private static void churn(Lock lock, SharedLong counter, SharedLong inLock, SharedLong rounds,
                              SharedLong violations) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            lock.lock();
            inLock.set(1);
            rounds.incrementAndGet();
            long seen = counter.get();
            Workers.spin(random.nextLong(200_000));
            if (counter.get() != seen) {
                violations.incrementAndGet();
            }
            inLock.set(0);
            lock.unlock();
            Workers.spin(random.nextLong(50_000));
        }
    }

    /** The survivor: read-modify-write increments under the lock until {@code stop}, counting takeovers. */
    private static void survive(Lock lock, SharedLong counter, SharedLong mine, SharedLong takeovers, Event stop) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.isSet()) {
            lock.lock();
            try {
                if (lock.previousOwnerDied()) {
                    takeovers.incrementAndGet();
                }
                long seen = counter.get();
                Workers.spin(random.nextLong(50_000));
                counter.set(seen + 1);
                mine.incrementAndGet();
            } finally {
                lock.unlock();
            }
            Workers.spin(random.nextLong(50_000));
        }
    }

    @Test
    void barrier_partyKilledWhileWaiting_othersGetBrokenBarrierSoon() throws Exception {
        assertPartyDeathBreaksBarrier(300);
    }

    /**
     * The same, but the victim dies as soon as {@code numberWaiting()} counts it: it is waiting by the API's
     * account, so its death must break the barrier too.
     */
    @Test
    void barrier_partyKilledRightAfterArriving_othersGetBrokenBarrierSoon() throws Exception {
        assertPartyDeathBreaksBarrier(0);
    }

    /** Four parties, one never comes: a victim process, another process and a thread of this JVM wait. */
    private static void assertPartyDeathBreaksBarrier(long killAfterMillis) throws Exception {
        try (Context ctx = Context.processes()) {
            Barrier b = ctx.barrier(4);
            Worker victim = ctx.start(() -> BarrierContractTest.await(b));
            Worker other = ctx.start(() -> BarrierContractTest.expectBroken(b));
            CompletableFuture<Throwable> parent = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    parent.complete(new AssertionError("await returned " + b.await(LONG)));
                } catch (Throwable e) {
                    parent.complete(e);
                }
            });
            eventually("3 waiting", () -> b.numberWaiting() == 3);
            Thread.sleep(killAfterMillis);
            victim.kill();
            long t0 = System.nanoTime();
            assertTrue(other.join(NOTICE_DEATH), "the other process still waits " + NOTICE_DEATH + " after the kill");
            joinOk(other);
            Throwable thrown = parent.get(NOTICE_DEATH.toMillis(), TimeUnit.MILLISECONDS);
            assertInstanceOf(BrokenBarrierException.class, thrown);
            assertTrue(b.isBroken());
            System.out.println("barrier broken " + Workers.millisSince(t0) + " ms after a party was killed "
                    + killAfterMillis + " ms after it arrived");
        }
    }

    @Test
    void semaphore_holderProcessKilled_permitsComeBack() throws Exception {
        try (Context ctx = Context.processes()) {
            Semaphore s = ctx.boundedSemaphore(2);
            Event ready = ctx.event();
            Worker victim = ctx.start(() -> {
                runUninterruptibly(s::acquire);
                check(s.tryAcquire(), "the second permit");
                ready.set();
                Workers.sleep(60_000);
            });
            assertTrue(ready.await(LONG));
            assertEquals(0, s.availablePermits());
            victim.kill();
            assertTrue(victim.join(LONG));
            assertTrue(s.tryAcquire(NOTICE_DEATH), "a permit of the dead holder");
            assertTrue(s.tryAcquire(NOTICE_DEATH), "the other permit of the dead holder");
            s.release();
            s.release();
            assertEquals(2, s.availablePermits());
            assertThrows(IllegalStateException.class, s::release, "still bounded after the recovery");
        }
    }

    @Test
    void semaphore_permitHandedOffThenHolderKilled_notGivenBackTwice() throws Exception {
        try (Context ctx = Context.processes()) {
            Semaphore s = ctx.semaphore(1);
            Event ready = ctx.event();
            Worker victim = ctx.start(() -> {
                runUninterruptibly(s::acquire);
                ready.set();
                Workers.sleep(60_000);
            });
            assertTrue(ready.await(LONG));
            s.release(); // Python allows anyone to release: the victim's permit is back already
            victim.kill();
            assertTrue(victim.join(LONG));
            assertTrue(s.tryAcquire());
            assertFalse(s.tryAcquire(Duration.ofMillis(300)), "a waiter that sleeps and recovers the dead "
                    + "holder's permits found one that was already given back");
            assertEquals(0, s.availablePermits());
        }
    }

    @Test
    void handle_serializedWithinOneJvm_attachesToTheSameObject() throws Exception {
        try (Context ctx = Context.processes()) {
            SharedMemory m = ctx.sharedMemory(256);
            SharedMemory copy = roundTrip(m);
            assertNotSame(m, copy);
            m.segment().set(ValueLayout.JAVA_LONG, 8, 0x1234_5678_9abcL);
            assertEquals(0x1234_5678_9abcL, copy.segment().get(ValueLayout.JAVA_LONG, 8));
            copy.segment().set(ValueLayout.JAVA_INT, 100, 77);
            assertEquals(77, m.segment().get(ValueLayout.JAVA_INT, 100));
            Lock lock = ctx.lock();
            Lock lockCopy = roundTrip(lock);
            lock.lock();
            assertTrue(lockCopy.isLocked());
            assertFalse(lockCopy.tryLock());
            lockCopy.unlock(); // any holder of the handle may release a Lock
            assertFalse(lock.isLocked());
            SharedLong v = ctx.sharedLong(1);
            roundTrip(v).addAndGet(41);
            assertEquals(42, v.get());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T handle) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void shm_contextClosedAfterEveryKindOfPrimitive_leavesNoFile() throws Exception {
        Set<Long> pids = new HashSet<>(Set.of(ProcessHandle.current().pid()));
        Set<String> before = shmFiles(pids);
        Set<String> during;
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            RLock rlock = ctx.rlock();
            Condition condition = ctx.condition(lock);
            Semaphore semaphore = ctx.boundedSemaphore(1);
            Event event = ctx.event();
            Barrier barrier = ctx.barrier(1);
            SharedLong l = ctx.sharedLong(0);
            SharedDouble d = ctx.sharedDouble(0);
            SharedLongArray la = ctx.sharedLongArray(1000);
            SharedDoubleArray da = ctx.sharedDoubleArray(1000);
            SharedMemory m = ctx.sharedMemory(1 << 20);
            Worker w = ctx.start(() -> {
                lock.lock();
                condition.signalAll();
                lock.unlock();
                rlock.lock();
                rlock.unlock();
                runUninterruptibly(semaphore::acquire);
                semaphore.release();
                event.set();
                BarrierContractTest.await(barrier);
                l.incrementAndGet();
                d.addAndGet(1);
                la.addAndGet(999, 1);
                da.addAndGet(999, 1);
                m.segment().set(ValueLayout.JAVA_BYTE, (1 << 20) - 1, (byte) 1);
            });
            joinOk(w);
            pids.add(w.pid());
            during = difference(shmFiles(pids), before);
            assertFalse(during.isEmpty(), "expected /dev/shm/multiproc* files naming pid " + pids
                    + " while the context is open (or the leak check below proves nothing)");
            assertEquals(1, la.get(999));
            assertEquals(1, m.segment().get(ValueLayout.JAVA_BYTE, (1 << 20) - 1));
        }
        assertEquals(Set.of(), difference(shmFiles(pids), before), "left in /dev/shm after close; during: " + during);
    }

    @Test
    void shm_childKilledWhileHoldingPrimitives_leavesNoFileAfterClose() throws Exception {
        Set<Long> pids = new HashSet<>(Set.of(ProcessHandle.current().pid()));
        Set<String> before = shmFiles(pids);
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            SharedMemory m = ctx.sharedMemory(64 * 1024);
            Semaphore s = ctx.semaphore(1);
            Event ready = ctx.event();
            Worker victim = ctx.start(() -> {
                lock.lock();
                runUninterruptibly(s::acquire);
                m.segment().fill((byte) 7);
                ready.set();
                Workers.sleep(60_000);
            });
            assertTrue(ready.await(LONG));
            pids.add(victim.pid());
            victim.kill();
            assertTrue(victim.join(LONG));
            assertEquals(7, m.segment().get(ValueLayout.JAVA_BYTE, 64 * 1024 - 1), "the dead child's writes stay");
        }
        assertEquals(Set.of(), difference(shmFiles(pids), before), "left in /dev/shm after a crashed child");
    }

    /** The {@code /dev/shm/multiproc*} files whose names contain one of {@code pids} as a whole number. */
    static Set<String> shmFiles(Set<Long> pids) throws IOException {
        List<Pattern> patterns = pids.stream().map(p -> Pattern.compile("(?<![0-9])" + p + "(?![0-9])")).toList();
        try (Stream<Path> files = Files.list(dev.multiproc.internal.shm.Platform.directory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("multiproc"))
                    .filter(n -> patterns.stream().anyMatch(p -> p.matcher(n).find()))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
