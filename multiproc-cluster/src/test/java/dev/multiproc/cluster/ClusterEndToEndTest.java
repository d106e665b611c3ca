package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import dev.multiproc.Barrier;
import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Lock;
import dev.multiproc.Pool;
import dev.multiproc.PoolListener;
import dev.multiproc.PoolOptions;
import dev.multiproc.PoolStats;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Queue;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.ClusterContext;
import dev.multiproc.cluster.internal.agent.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster engine end to end: three real agent JVMs on loopback, workers in child JVMs on them. */
@Timeout(180)
class ClusterEndToEndTest {
    private static Cluster ctx;
    /** The agents' secret: other contexts join them with it, as a user's would. */
    private static Path secret;

    @BeforeAll
    static void startAgents() throws IOException {
        secret = Files.createTempDirectory("multiproc-e2e-").resolve("secret");
        Secret.create(secret);
        ctx = Context.cluster(ClusterOptions.local(3).withSecretFile(secret));
    }

    @AfterAll
    static void closeLeavesNoAgent() throws InterruptedException, IOException {
        List<Process> agents = ((ClusterContext) ctx).localAgentProcesses();
        ctx.close();
        for (Process p : agents) {
            assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "agent still running: " + p.pid());
        }
        Files.delete(secret);
        Files.delete(secret.getParent());
    }

    private static void joinAll(List<Worker> workers) throws InterruptedException {
        for (Worker w : workers) {
            assertTrue(w.join(LONG), () -> "worker did not end: " + w);
        }
    }

    @Test
    void worker_exitsOrThrowsOnAgent_exitCodeAndFailureComeBack() throws InterruptedException {
        Worker ok = ctx.start(() -> { });
        Worker exit = ctx.start(() -> System.exit(3));
        Worker boom = ctx.start(() -> {
            throw new IllegalStateException("boom on an agent");
        });
        joinAll(List.of(ok, exit, boom));
        assertEquals(0, ok.exitCode().orElseThrow());
        assertEquals(3, exit.exitCode().orElseThrow());
        assertEquals(1, boom.exitCode().orElseThrow());
        assertEquals("java.lang.IllegalStateException", boom.failure().orElseThrow().remoteClassName());
        assertTrue(boom.failure().orElseThrow().getMessage().contains("boom on an agent"));
        assertTrue(ok.pid() > 0);
        assertTrue(ctx.agentOf(ok).orElseThrow().startsWith("127.0.0.1:"));
    }

    @Test
    void terminate_taskIgnoresInterrupts_agentEndsItWithSigterm() throws InterruptedException {
        Event running = ctx.event();
        Worker w = ctx.start(() -> {
            running.set();
            while (true) {
                Thread.onSpinWait();
            }
        });
        assertTrue(running.await(LONG));
        w.terminate();
        assertTrue(w.join(LONG));
        assertEquals(-15, w.exitCode().orElseThrow());
    }

    @Test
    void start_threeLiveWorkers_oneOnEachAgent() throws InterruptedException {
        Event go = ctx.event();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(ctx.start(task(go::await)));
        }
        Set<Object> members = new HashSet<>();
        workers.forEach(w -> members.add(((ClusterContext) ctx).localAgentOf(w).orElseThrow().pid()));
        go.set();
        joinAll(workers);
        assertEquals(3, members.size(), "least loaded placement puts three live workers on three agents");
        workers.forEach(w -> assertEquals(0, w.exitCode().orElseThrow()));
    }

    @Test
    void workerOn_chosenAgent_runsAsThatAgentsChild() throws InterruptedException {
        List<String> agents = ctx.agents();
        assertEquals(3, agents.size());
        Event go = ctx.event();
        String chosen = agents.get(2);
        List<Worker> workers = List.of(ctx.workerOn(chosen, task(go::await)), ctx.workerOn(chosen, task(go::await)));
        assertTrue(ctx.agentOf(workers.get(0)).isEmpty(), "not started: runs nowhere yet");
        workers.forEach(Worker::start);
        ProcessHandle agent = ((ClusterContext) ctx).localAgentOf(workers.get(0)).orElseThrow().toHandle();
        for (Worker w : workers) {
            assertEquals(chosen, ctx.agentOf(w).orElseThrow());
            long pid = w.pid();
            assertTrue(agent.descendants().anyMatch(p -> p.pid() == pid), "worker " + pid + " is not a child of " + chosen);
        }
        go.set();
        joinAll(workers);
        workers.forEach(w -> assertEquals(0, w.exitCode().orElseThrow()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.workerOn("127.0.0.1:1", () -> { }));
        assertTrue(e.getMessage().contains(chosen), "the message lists the agents: " + e.getMessage());
    }

    /**
     * A warm spare on an agent connects to the cluster while it waits, so that its worker does not pay a JVM's
     * first connection (~0.8 s). The task looks without touching a handle (which would connect), then uses one.
     */
    @Test
    void warmSpare_onAgent_connectedToClusterBeforeItsTask() throws InterruptedException {
        String name = ((ClusterContext) ctx).ref().clusterName();
        ClusterOptions spared = ClusterOptions.join(ctx.agents().toArray(String[]::new)).withClusterName(name).withSecretFile(secret)
                .withProcessOptions(ProcessOptions.defaults().withWarmSpares(1));
        try (Context c = Context.cluster(spared)) {
            Lock lock = c.lock();
            Worker w = c.start(task(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean connected = false; // the worker's JVM has no client but the spare's
                while (!connected && System.nanoTime() < deadline) {
                    connected = !HazelcastClient.getAllHazelcastClients().isEmpty();
                    Thread.sleep(10); // the spare's connection may still be under way
                }
                if (!connected) {
                    System.exit(3);
                }
                lock.lock();
                lock.unlock();
            }));
            assertTrue(w.join(LONG), "worker did not end: " + w);
            assertEquals(0, w.exitCode().orElseThrow(), "3: the spare had not connected ahead");
        }
    }

    /** The context's process options reach the agents: output to a directory, {worker} in JVM arguments. */
    @Test
    void processOptions_outputAndJvmArgTemplates_appliedOnTheAgents(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String name = ((ClusterContext) ctx).ref().clusterName();
        ClusterOptions options = ClusterOptions.join(ctx.agents().toArray(String[]::new)).withClusterName(name).withSecretFile(secret)
                .withProcessOptions(ProcessOptions.defaults().withOutput(dev.multiproc.Output.toDirectory(dir))
                        .withJvmArgs(List.of("-Dtest.worker={worker}")));
        try (Context c = Context.cluster(options)) {
            Worker w = c.worker("on-agent", task(() -> System.out.print("seen " + System.getProperty("test.worker"))))
                    .start();
            assertTrue(w.join(LONG), "worker did not end: " + w);
            assertEquals(0, w.exitCode().orElseThrow());
        }
        java.nio.file.Path[] files;
        try (var listing = java.nio.file.Files.list(dir)) {
            files = listing.filter(f -> f.toString().endsWith(".out")).toArray(java.nio.file.Path[]::new);
        }
        assertEquals(1, files.length, java.util.Arrays.toString(files));
        String text = java.nio.file.Files.readString(files[0]);
        assertTrue(text.startsWith("seen ") && text.length() > "seen ".length() && !text.endsWith("null"), text);
    }

    /** Two contexts of one JVM on one cluster share its connection: closing one leaves the other's handles working. */
    @Test
    void close_secondContextOnSameCluster_firstContextsHandlesKeepWorking() throws InterruptedException {
        String name = ((ClusterContext) ctx).ref().clusterName();
        Context second = Context.cluster(ClusterOptions.join(ctx.agents().toArray(String[]::new)).withClusterName(name).withSecretFile(secret));
        Lock lock = ctx.lock(); // made and first used while the second context is open
        lock.lock();
        Queue<String> q = second.queue();
        q.put("from the second context");
        assertEquals("from the second context", q.take());
        second.close();
        assertTrue(lock.isLocked());
        lock.unlock(); // on the first context's connection, as this JVM's holder: no error, no new client
        assertFalse(lock.isLocked());
        Worker w = ctx.start(task(() -> {
            lock.lock();
            lock.unlock();
        }));
        assertTrue(w.join(LONG));
        assertEquals(0, w.exitCode().orElseThrow());
    }

    @Test
    void start_nonSerializableTask_failsInCallerNothingStarted() {
        Object notSerializable = new Object();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.start(() -> notSerializable.hashCode()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(ctx.activeChildren().isEmpty());
    }

    @Test
    void poolMap_threeAgents_inOrderAndOnEveryAgent() {
        try (Pool pool = ctx.pool(3)) {
            List<Integer> items = IntStream.range(0, 60).boxed().toList();
            List<Long> squares = pool.map(i -> (long) i * i, items);
            assertEquals(items.stream().map(i -> (long) i * i).toList(), squares);
            List<Long> pids = pool.map(i -> {
                try {
                    Thread.sleep(20); // long enough that every worker takes some
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ProcessHandle.current().pid();
            }, items, 1);
            assertEquals(3, new HashSet<>(pids).size(), "one worker JVM on each of the three agents");
        }
    }

    @Test
    void poolListener_workerHaltsOnItsAgent_workerReplacedWithItsPidAndExitCode() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<long[]> replaced = new java.util.concurrent.LinkedBlockingQueue<>();
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withListener(new PoolListener() {
            @Override
            public void workerReplaced(long deadPid, int exitCode, PoolStats stats) {
                replaced.add(new long[] {deadPid, exitCode, stats.workersReplaced()});
            }
        });
        try (Pool pool = ctx.pool(options)) {
            long pid = pool.submit(() -> ProcessHandle.current().pid()).get(LONG.toSeconds(), TimeUnit.SECONDS);
            Future<Object> halting = pool.submit(() -> {
                Runtime.getRuntime().halt(7);
                return null;
            });
            assertThrows(ExecutionException.class, () -> halting.get(LONG.toSeconds(), TimeUnit.SECONDS));
            long[] r = replaced.poll(LONG.toSeconds(), TimeUnit.SECONDS);
            assertTrue(r != null, "no workerReplaced call");
            assertEquals(pid, r[0]);
            assertEquals(7, r[1]);
            assertEquals(1, r[2]);
            assertEquals(1, pool.stats().workersReplaced());
            assertEquals(2, pool.submit(() -> 2).get(LONG.toSeconds(), TimeUnit.SECONDS), "served by its replacement");
        }
    }

    @Test
    void barrier_waitingPartyKilled_breaksForTheOthers() throws InterruptedException {
        Barrier barrier = ctx.barrier(3);
        Worker survivor = ctx.start(task(() -> {
            try {
                barrier.await(LONG);
            } catch (BrokenBarrierException e) {
                System.exit(7);
            }
        }));
        Worker victim = ctx.start(task(() -> barrier.await(LONG)));
        long deadline = System.nanoTime() + LONG.toNanos();
        while (barrier.numberWaiting() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        victim.kill();
        assertTrue(survivor.join(LONG));
        assertEquals(7, survivor.exitCode().orElseThrow());
        assertEquals(-9, victim.exitCode().orElseThrow());
        assertTrue(barrier.isBroken());
    }


}
