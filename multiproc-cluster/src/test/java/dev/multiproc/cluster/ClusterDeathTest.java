package dev.multiproc.cluster;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Lock;
import dev.multiproc.Pool;
import dev.multiproc.Worker;
import dev.multiproc.WorkerDiedException;
import dev.multiproc.cluster.internal.ClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents killed with SIGKILL: what they held comes back, and only what they ran fails. */
@Timeout(180)
class ClusterDeathTest {

    @Test
    void lock_holdersAgentKilled_takenOverByTheNextAcquirer() throws Exception {
        ClusterContext ctx = (ClusterContext) Context.cluster(ClusterOptions.local(2));
        List<Process> agents = ctx.localAgentProcesses();
        try {
            Lock lock = ctx.lock();
            Event held = ctx.event();
            Worker holder = ctx.start(task(() -> {
                lock.lock();
                held.set();
                Thread.sleep(Long.MAX_VALUE);
            }));
            assertTrue(held.await(LONG));
            Process agent = ctx.localAgentOf(holder).orElseThrow();
            long start = System.nanoTime();
            agent.destroyForcibly(); // SIGKILL: the agent's child JVM, which holds the lock, dies with it
            assertTrue(lock.tryLock(LONG.toSeconds(), TimeUnit.SECONDS), "the lock never came back");
            System.err.printf("lock taken over %d ms after the agent was killed%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertTrue(lock.previousOwnerDied());
            lock.unlock();
            assertTrue(holder.join(LONG));
            assertEquals(-9, holder.exitCode().orElseThrow());
            Worker after = ctx.start(() -> { });
            assertTrue(after.join(LONG));
            assertEquals(0, after.exitCode().orElseThrow(), "the surviving agent keeps serving");
        } finally {
            ctx.close();
            for (Process p : agents) {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void pool_agentKilled_onlyItsRunningTasksFail() throws Exception {
        ClusterContext ctx = (ClusterContext) Context.cluster(ClusterOptions.local(2));
        List<Process> agents = ctx.localAgentProcesses();
        try (Pool pool = ctx.pool(4)) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> {
                    Thread.sleep(300);
                    return ProcessHandle.current().pid();
                }));
            }
            futures.get(3).get(); // work is under way on both agents
            agents.get(1).destroyForcibly();
            int done = 0, died = 0;
            for (Future<Long> f : futures) {
                try {
                    f.get(LONG.toSeconds(), TimeUnit.SECONDS);
                    done++;
                } catch (ExecutionException e) {
                    assertInstanceOf(WorkerDiedException.class, e.getCause(), () -> "unexpected: " + e.getCause());
                    died++;
                }
            }
            System.err.printf("after the kill: %d tasks completed, %d failed with the agent%n", done, died);
            assertTrue(died >= 1 && died <= 2, "only the tasks running on the killed agent fail: " + died);
            assertEquals(40, done + died);
            assertEquals(5L, pool.submit(() -> 5L).get(LONG.toSeconds(), TimeUnit.SECONDS),
                    "the pool keeps serving on the agent left");
        } finally {
            ctx.close();
            for (Process p : agents) {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            }
        }
    }
}
