package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grace period of a process pool: interrupt first, kill only a task that does not end in time. */
@Timeout(90)
class PoolGraceTest {
    private static <T> T get(Future<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Sleeps until interrupted; its finally sets {@code done}. Returns its worker's pid. */
    private static long sleepUntilInterrupted(Event started, Event done) throws InterruptedException {
        try {
            started.set();
            Thread.sleep(60_000);
            return ProcessHandle.current().pid();
        } finally {
            done.set();
        }
    }

    @Test
    void timeout_cooperativeTask_interruptedFinallyRunsWorkerKept() throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withTaskTimeout(Duration.ofMillis(300))
                .withGracePeriod(Duration.ofSeconds(10));
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            long pid = get(pool.submit(() -> ProcessHandle.current().pid()));
            Event started = ctx.event();
            Event done = ctx.event();
            Future<Long> sleeper = pool.submit(() -> sleepUntilInterrupted(started, done));
            ExecutionException e = assertThrows(ExecutionException.class, () -> get(sleeper));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertTrue(done.await(Duration.ofSeconds(5)), "the task's finally did not run");
            assertEquals(pid, get(pool.submit(() -> ProcessHandle.current().pid())), "the worker was replaced");
        }
    }

    @Test
    void timeout_taskIgnoringInterrupts_killedAfterTheGracePeriod() throws Exception {
        Duration grace = Duration.ofMillis(700);
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withTaskTimeout(Duration.ofMillis(300))
                .withGracePeriod(grace);
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            long pid = get(pool.submit(() -> ProcessHandle.current().pid()));
            Future<Long> spinner = pool.submit(() -> {
                long self = ProcessHandle.current().pid();
                while (self > 0) { // ignores interrupts
                    Thread.onSpinWait();
                }
                return self;
            });
            assertInstanceOf(TimeoutException.class, assertThrows(ExecutionException.class, () -> get(spinner)).getCause());
            long timedOut = System.nanoTime();
            ProcessHandle old = ProcessHandle.of(pid).orElseThrow();
            old.onExit().get(30, TimeUnit.SECONDS);
            long killedAfterMillis = (System.nanoTime() - timedOut) / 1_000_000;
            assertTrue(killedAfterMillis >= grace.toMillis() - 100, "killed before its grace period: " + killedAfterMillis);
            assertNotEquals(pid, get(pool.submit(() -> ProcessHandle.current().pid())));
        }
    }

    @Test
    void cancelWithInterrupt_runningTask_finallyRuns() throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(1)) {
            Event started = ctx.event();
            Event done = ctx.event();
            Future<Long> sleeper = pool.submit(() -> sleepUntilInterrupted(started, done));
            assertTrue(started.await(Duration.ofSeconds(30)));
            assertTrue(sleeper.cancel(true));
            assertThrows(CancellationException.class, sleeper::get);
            assertTrue(done.await(Duration.ofSeconds(5)), "the task's finally did not run");
            assertEquals(3, get(pool.submit(() -> 3)));
        }
    }

    @Test
    void shutdownNow_runningTaskInterruptedQueuedReturnedNotRun() throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(1)) {
            Event started = ctx.event();
            Event done = ctx.event();
            Event queuedRan = ctx.event();
            pool.submit(() -> sleepUntilInterrupted(started, done));
            pool.submit(() -> {
                queuedRan.set();
                return 0;
            });
            assertTrue(started.await(Duration.ofSeconds(30)));
            List<Runnable> notStarted = pool.shutdownNow();
            assertEquals(1, notStarted.size());
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
            assertTrue(done.isSet(), "the running task's finally did not run");
            assertFalse(queuedRan.isSet(), "a task returned as not started ran");
        }
    }

    @Test
    void zeroGrace_runningTask_killedAtOnceFinallyNeverRuns() throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withGracePeriod(Duration.ZERO);
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            Event started = ctx.event();
            Event done = ctx.event();
            Future<Long> sleeper = pool.submit(() -> sleepUntilInterrupted(started, done));
            assertTrue(started.await(Duration.ofSeconds(30)));
            sleeper.cancel(true);
            assertEquals(4, get(pool.submit(() -> 4))); // served by a replacement
            assertFalse(done.isSet(), "a killed JVM ran its task's finally");
        }
    }

    @Test
    void listener_workerHalts_workerReplacedWithItsPidAndExitCode() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<long[]> replaced = new java.util.concurrent.LinkedBlockingQueue<>();
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withListener(new dev.multiproc.PoolListener() {
            @Override
            public void workerReplaced(long deadPid, int exitCode, dev.multiproc.PoolStats stats) {
                replaced.add(new long[] {deadPid, exitCode, stats.workersReplaced()});
            }
        });
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            long pid = get(pool.submit(() -> ProcessHandle.current().pid()));
            Future<Object> halting = pool.submit(() -> {
                Runtime.getRuntime().halt(7);
                return null;
            });
            assertThrows(ExecutionException.class, () -> get(halting));
            long[] r = replaced.poll(30, TimeUnit.SECONDS);
            assertTrue(r != null, "no workerReplaced call");
            assertEquals(pid, r[0]);
            assertEquals(7, r[1]);
            assertEquals(1, r[2]);
            assertEquals(1, pool.stats().workersReplaced());
            assertNotEquals(pid, get(pool.submit(() -> ProcessHandle.current().pid())));
        }
    }

    @Test
    void gracePeriod_negative_clearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PoolOptions.defaults().withGracePeriod(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("gracePeriod"));
    }
}
