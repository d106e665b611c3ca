package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableCallable;
import dev.multiproc.WorkerDiedException;
import dev.multiproc.WorkerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a pool of worker JVMs can promise: crashes, stuck tasks and heaps that stay contained. */
@Timeout(90)
class ProcessPoolTest {
    private static final long LONG_SECONDS = 30;

    private static <T> T get(Future<T> f) throws Exception {
        return f.get(LONG_SECONDS, TimeUnit.SECONDS);
    }

    private static Throwable causeOf(Future<?> f) {
        return assertThrows(ExecutionException.class, () -> get(f)).getCause();
    }

    /** A task that ends its own JVM the given way when {@code n == victim}, else returns {@code n}. */
    private static SerializableCallable<Integer> task(int n, int victim, String how) {
        return () -> {
            if (n == victim) {
                switch (how) {
                    case "halt" -> Runtime.getRuntime().halt(3);
                    case "exit" -> System.exit(4);
                    case "sigkill" -> new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid()))
                            .start().waitFor();
                    default -> throw new IllegalArgumentException(how);
                }
                Thread.sleep(10_000); // SIGKILL arrives meanwhile
            }
            return n;
        };
    }

    @Test
    void workerEndingMidBatch_failsOnlyItsTask_withHowItEnded_andThePoolKeepsServing() throws Exception {
        Map<String, Integer> codes = Map.of("halt", 3, "exit", 4, "sigkill", -9);
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(2)) {
            for (var how : codes.entrySet()) {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    futures.add(pool.submit(task(i, 17, how.getKey())));
                }
                for (int i = 0; i < 40; i++) {
                    if (i == 17) {
                        WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, causeOf(futures.get(i)));
                        assertEquals(how.getValue(), died.exitCode(), died.getMessage());
                        assertTrue(died.pid() > 0 && died.pid() != ProcessHandle.current().pid());
                    } else {
                        assertEquals(i, get(futures.get(i)), how.getKey() + ": task " + i);
                    }
                }
            }
            assertEquals(List.of(0, 1, 2), pool.map(i -> i, List.of(0, 1, 2)));
        }
    }

    @Test
    void map_whoseItemKillsItsWorker_throwsWorkerDied_andThePoolGoesOn() {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(2)) {
            CompletionException e = assertThrows(CompletionException.class, () -> pool.map(i -> {
                if (i == 5) {
                    Runtime.getRuntime().halt(9);
                }
                return i;
            }, IntStream.range(0, 50).boxed().toList(), 1));
            assertEquals(9, assertInstanceOf(WorkerDiedException.class, e.getCause()).exitCode());
            assertEquals(IntStream.range(0, 50).boxed().toList(), pool.map(i -> i, IntStream.range(0, 50).boxed().toList()));
        }
    }

    @Test
    void taskSpinningPastItsTimeout_isKilled_whileAnotherTaskCompletes() throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(2).withTaskTimeout(Duration.ofSeconds(1));
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            Future<Long> spinner = pool.submit(() -> {
                long pid = ProcessHandle.current().pid();
                while (pid > 0) { // ignores interrupts: only killing its JVM stops it
                    Thread.onSpinWait();
                }
                return pid;
            });
            Future<String> other = pool.submit(() -> {
                Thread.sleep(300);
                return "done";
            });
            assertEquals("done", get(other));
            TimeoutException timeout = assertInstanceOf(TimeoutException.class, causeOf(spinner));
            assertTrue(timeout.getMessage().contains("killed"), timeout.getMessage());
            assertEquals(8, get(pool.submit(() -> 8))); // a replacement serves
        }
    }

    @Test
    void maxTasksPerWorker_replacesTheJvm_seenThroughPids_noTaskLost() throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withMaxTasksPerWorker(2);
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            List<Future<Long>> pids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pids.add(pool.submit(() -> ProcessHandle.current().pid()));
            }
            List<Long> seen = new ArrayList<>();
            for (Future<Long> f : pids) {
                seen.add(get(f));
            }
            assertEquals(3, new HashSet<>(seen).size(), seen.toString());
            assertEquals(seen.get(0), seen.get(1), seen.toString());
            assertNotEquals(seen.get(1), seen.get(2), seen.toString());
            // map chunks count as tasks too, and every item comes back once
            assertEquals(IntStream.range(0, 30).boxed().toList(), pool.map(i -> i, IntStream.range(0, 30).boxed().toList(), 1));
        }
    }

    @Test
    void warmSpares_replaceRecycledWorkers_andNoJvmOutlivesTheContext() throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withMaxTasksPerWorker(1)
                .withProcessOptions(ProcessOptions.defaults().withWarmSpares(1));
        Set<Long> pids = new HashSet<>();
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            for (int i = 0; i < 4; i++) {
                pids.add(get(pool.submit(() -> ProcessHandle.current().pid())));
            }
        }
        assertEquals(4, pids.size(), pids.toString());
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).filter(p -> !before.contains(p)).toList(), "children left: spares or workers");
    }

    @Test
    void processOptions_heapCapAndEnvironment_reachTheWorkers_outOfMemoryFailsOnlyItsTask() throws Exception {
        ProcessOptions jvm = ProcessOptions.defaults().withMaxHeap("48m").withEnvironment(Map.of("POOL_TEST", "yes"));
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withProcessOptions(jvm);
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(options)) {
            long maxHeap = get(pool.submit(() -> Runtime.getRuntime().maxMemory()));
            assertTrue(maxHeap <= 48L << 20, "max heap " + maxHeap);
            assertEquals("yes", get(pool.submit(() -> System.getenv("POOL_TEST"))));
            Future<Integer> hog = pool.submit(() -> new long[64 << 20].length); // 512 MiB
            WorkerException oom = assertInstanceOf(WorkerException.class, causeOf(hog));
            assertEquals(OutOfMemoryError.class.getName(), oom.remoteClassName());
            assertEquals(5, get(pool.submit(() -> 5)));
        }
    }

    @Test
    void resultThatCannotBeSerialized_failsItsTask_namingTheClass() throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(1)) {
            Future<Object> f = pool.submit(() -> new Object());
            WorkerException e = assertInstanceOf(WorkerException.class, causeOf(f));
            assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
            assertEquals(2, get(pool.submit(() -> 2)));
        }
    }

    @Test
    void afterClose_noWorkerJvmAndNoSharedMemoryFileIsLeft() throws Exception {
        Set<Long> workers = new HashSet<>();
        try (Context ctx = Context.processes()) {
            try (Pool pool = ctx.pool(2)) {
                for (Future<Long> f : pool.invokeAll(List.<SerializableCallable<Long>>of(
                        () -> ProcessHandle.current().pid(), () -> ProcessHandle.current().pid()))) {
                    workers.add(f.get());
                }
                pool.submit(() -> {
                    Thread.sleep(200);
                    return 0;
                });
            }
            for (long pid : workers) {
                assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "worker " + pid + " alive");
            }
        }
        assertEquals(List.of(), leftoverShm());
    }

    @Test
    void closingTheContext_stopsItsPools_evenWithWorkRunning() throws Exception {
        Future<Integer> stuck;
        long pid;
        try (Context ctx = Context.processes()) {
            Pool pool = ctx.pool(1);
            pid = get(pool.submit(() -> ProcessHandle.current().pid()));
            stuck = pool.submit(() -> {
                Thread.sleep(60_000);
                return 0;
            });
            Thread.sleep(200);
        }
        assertTrue(stuck.isCancelled());
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void cancel_ofATaskTheWorkerHoldsButHasNotStarted_itNeverRuns(@TempDir Path dir) throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(1)) {
            pool.map(i -> i, IntStream.range(0, 2_000).boxed().toList(), 1); // short tasks: the worker holds several ahead
            String marker = dir.resolve("ran").toString();
            Future<Integer> first = pool.submit(() -> {
                Thread.sleep(1_000);
                return 1;
            });
            Future<Integer> held = pool.submit(() -> {
                Files.writeString(Path.of(marker), "ran");
                return 2;
            });
            Thread.sleep(200); // both are in the worker by now, the first one running
            assertTrue(held.cancel(true));
            assertEquals(1, get(first));
            assertEquals(3, get(pool.submit(() -> 3)));
            assertTrue(Files.notExists(Path.of(marker)), "a cancelled task ran");
        }
    }

    private static List<Path> leftoverShm() throws IOException {
        String mine = "multiproc-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(dev.multiproc.internal.shm.Platform.directory())) {
            return files.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }
}
