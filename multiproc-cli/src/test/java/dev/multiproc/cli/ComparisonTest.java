package dev.multiproc.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole comparison, live, on tiny sizes: every row on every engine gives real figures, and the run leaves
 * no child JVM and no scratch file behind. Measured once for all tests: it starts about twenty JVMs.
 */
@Timeout(120)
class ComparisonTest {
    private static final double ONE_MIB_IN_KIB = 1024;

    private static Set<Path> scratchBefore;
    private static Report report;

    /** Small enough for a test, big enough that every figure is above noise (see the thread counts). */
    static CompareOptions tiny() {
        // 200 platform threads: more than the ~40 stacks the C library keeps resident from earlier threads
        // 200 requests per I/O worker: ~0.4 s of waiting each, so that 4 cold worker JVMs still wait in parallel
        // when the cores are busy (with 50 they once lost to one on a loaded machine: 267 vs 327 requests/s)
        // 6,400 requests per I/O measurement at most: 1,024 virtual threads make 6 each (the timed part of 1,024 ×
        // 200 took ~4 s, for a figure the test only needs positive)
        return new CompareOptions("tiny", 50, 2, 200, 2_000, Duration.ofMillis(200), 50, 2_000, 2, "32m",
                200_000, 1, 200, 6_400);
    }

    @BeforeAll
    @Timeout(120)
    static void measureOnce() throws IOException, InterruptedException {
        scratchBefore = scratchDirs();
        report = Comparison.standard().run(tiny(), Progress.silent());
    }

    @AfterAll
    @Timeout(30)
    static void nothingLeftBehind() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive)
                && System.nanoTime() < deadline) {
            Thread.sleep(50); // a killed child may take a moment to be reaped
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertTrue(left.isEmpty(), "child processes left: " + left);
        Set<Path> appeared = new java.util.HashSet<>(scratchDirs());
        appeared.removeAll(scratchBefore); // only what appeared: another run on the machine may clean up its own
        assertEquals(Set.of(), appeared, "scratch directories left behind");
    }

    @Test
    void run_everyRow_hasOneCellPerEngineAndAMeaning() {
        assertEquals(List.of("memory_sharing", "start_time", "memory_per_worker", "interruptibility", "exit_in_task",
                        "how_many", "cpu_speedup", "io_bound", "data_exchange"),
                report.rows().stream().map(Row::id).toList());
        for (Row row : report.rows()) {
            assertEquals(Engine.values().length, row.cells().size(), row.id());
            assertTrue(row.meaning().length() > 20, row.meaning());
            row.cells().forEach(c -> assertTrue(!c.lines().isEmpty() && !c.figures().isEmpty(), c.toString()));
        }
    }

    @Test
    void memorySharing_threadsShareTheObject_processesGetACopy_sharedMemoryReadInPlace() {
        for (Cell c : row("memory_sharing").cells()) {
            assertTrue(c.figure("queue_median_ms") > 0 && c.figure("shared_median_ms") > 0, c.toString());
            assertEquals(c.engine().isProcess() ? MemorySharing.SIZE : 0, c.figure("bytes_copied"), c.toString());
        }
    }

    @Test
    void ioBound_everyEngine_everyWorkerCount_positive_andMoreWorkersWaitInParallel() {
        for (Cell c : row("io_bound").cells()) {
            int[] counts = IoBound.counts(c.engine(), tiny());
            for (int n : counts) {
                assertTrue(c.figure("rps_" + n) > 0, c.toString());
            }
            // one worker cannot beat 1 / delay; several waiting together do (the tiny run keeps this loose)
            assertTrue(c.figure("rps_1") < 1000.0 / IoBound.DELAY.toMillis() * 1.1, c.toString());
            assertTrue(c.figure("rps_" + counts[1]) > c.figure("rps_1"), c.toString());
        }
    }

    @Test
    void dataExchange_everyEngine_messagesPerSecondAndRoundTrips() {
        for (Cell c : row("data_exchange").cells()) {
            assertTrue(c.figure("queue_msgs_per_s") > 0, c.toString());
            assertTrue(c.figure("pipe_rt_p10_us") > 0 && c.figure("pipe_rt_p10_us") <= c.figure("pipe_rt_median_us")
                    && c.figure("pipe_rt_median_us") <= c.figure("pipe_rt_p90_us"), c.toString());
        }
    }

    @Test
    void startTime_everyEngine_positiveMedianWithinSpread() {
        for (Cell c : row("start_time").cells()) {
            assertTrue(c.figure("median_ms") > 0, c.toString());
            assertTrue(c.figure("p10_ms") <= c.figure("median_ms") && c.figure("median_ms") <= c.figure("p90_ms"),
                    c.toString());
        }
        Row r = row("start_time");
        assertTrue(r.cell(Engine.COLD_PROCESSES).figure("median_ms")
                > r.cell(Engine.PLATFORM_THREADS).figure("median_ms"), "a JVM cannot start faster than a thread");
    }

    @Test
    void memory_processOverOneMiB_threadsSmaller() {
        Row r = row("memory_per_worker");
        for (Engine e : List.of(Engine.COLD_PROCESSES, Engine.WARM_PROCESSES)) {
            assertTrue(r.cell(e).figure("per_worker_kib") > ONE_MIB_IN_KIB, r.cell(e).toString());
        }
        for (Engine e : List.of(Engine.PLATFORM_THREADS, Engine.VIRTUAL_THREADS)) {
            // >= 0, not > 0: a JVM that ran threads before reuses their cached stacks (glibc), and in this
            // test JVM the thread's few hundred heap bytes can vanish in the collector's accounting
            double kib = r.cell(e).figure("per_worker_kib");
            assertTrue(kib >= 0 && kib < r.cell(Engine.COLD_PROCESSES).figure("per_worker_kib"), r.cell(e).toString());
            assertTrue(r.cell(e).figure("workers") > 0, r.cell(e).toString());
        }
    }

    @Test
    void interruptibility_threadsKeepRunning_processesEndBySignal() {
        Row r = row("interruptibility");
        for (Engine e : List.of(Engine.PLATFORM_THREADS, Engine.VIRTUAL_THREADS)) {
            assertEquals(1.0, r.cell(e).figure("alive_after_terminate"), r.cell(e).toString());
            assertTrue(r.cell(e).figure("cooperative_stop_ms") > 0, r.cell(e).toString());
        }
        for (Engine e : List.of(Engine.COLD_PROCESSES, Engine.WARM_PROCESSES)) {
            Cell c = r.cell(e);
            assertEquals(-15.0, c.figure("terminate_exit_code"), c.toString());
            assertEquals(-9.0, c.figure("kill_exit_code"), c.toString());
            assertTrue(c.figure("terminate_to_join_ms") > 0 && c.figure("kill_to_join_ms") > 0, c.toString());
        }
    }

    @Test
    void exitInTask_threads_wholeJvmEndsAndResultsLost() {
        for (Engine e : List.of(Engine.PLATFORM_THREADS, Engine.VIRTUAL_THREADS)) {
            Cell c = row("exit_in_task").cell(e);
            assertEquals(ExitInTask.EXIT_CODE, c.figure("exit_code"), "the child JVM's own exit code: " + c);
            assertEquals(0.0, c.figure("program_survived"), c.toString());
            assertEquals(0.0, c.figure("served_after"), c.toString());
            // the one task in flight sleeps 100 ms, the JVM ends in a few: only a stalled machine could let it finish
            assertTrue(c.figure("others_completed") < ExitInTask.OTHERS, c.toString());
            assertTrue(c.figure("seen_after_ms") > 0, c.toString());
        }
    }

    @Test
    void exitInTask_processes_taskFailsWithTheCode_othersComplete_poolServesOn() {
        for (Engine e : List.of(Engine.COLD_PROCESSES, Engine.WARM_PROCESSES)) {
            Cell c = row("exit_in_task").cell(e);
            assertEquals(ExitInTask.EXIT_CODE, c.figure("exit_code"), "WorkerDiedException.exitCode(): " + c);
            assertEquals(1.0, c.figure("program_survived"), c.toString());
            assertEquals(ExitInTask.OTHERS, c.figure("others_completed"), c.toString());
            assertEquals(1.0, c.figure("served_after"), c.toString());
            assertTrue(c.figure("seen_after_ms") > 0, c.toString());
        }
        assertTrue(row("exit_in_task").meaning().contains("ends the whole program"), row("exit_in_task").meaning());
    }

    @Test
    void howMany_tinyCaps_allReachedInPositiveTime() {
        for (Cell c : row("how_many").cells()) {
            assertEquals(c.figure("cap"), c.figure("running"), c.toString());
            assertTrue(c.figure("elapsed_ms") > 0, c.toString());
        }
    }

    @Test
    void cpuSpeedup_oneEntryPerWorkerCount() {
        List<Integer> counts = CpuSpeedup.workerCounts(report.machine().cores());
        for (Cell c : row("cpu_speedup").cells()) {
            Set<String> expected = counts.stream()
                    .flatMap(w -> Stream.of("_ms", "_speedup", "_count_ms", "_count_speedup").map(k -> "w" + w + k))
                    .collect(Collectors.toSet());
            assertEquals(expected, c.figures().keySet(), c.toString());
            assertEquals(counts.size() + 1, c.lines().size(), c.toString());
            for (String key : expected) {
                assertTrue(c.figure(key) > 0, key + " in " + c);
            }
            assertEquals(1.0, c.figure("w1_speedup"));
            assertTrue(c.figure("w1_count_ms") <= c.figure("w1_ms"), "counting is part of the run: " + c);
        }
    }

    @Test
    void json_realReport_parsesWithEveryFigure() {
        Map<?, ?> json = (Map<?, ?>) JsonCheck.parse(new JsonRenderer().render(report));
        List<?> rows = (List<?>) json.get("rows");
        assertEquals(report.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<?, ?> cells = (Map<?, ?>) ((Map<?, ?>) rows.get(i)).get("cells");
            for (Cell c : report.rows().get(i).cells()) {
                Map<?, ?> figures = (Map<?, ?>) ((Map<?, ?>) cells.get(c.engine().id())).get("figures");
                assertEquals(c.figures().keySet(), figures.keySet());
            }
        }
    }

    @Test
    void table_realReport_rendersEveryRow() {
        String table = new TableRenderer().render(report);
        String unwrapped = table.replaceAll("\n +", " ");
        for (Row r : report.rows()) {
            assertTrue(table.contains(r.title()) && unwrapped.contains(r.meaning()), r.id());
            r.cells().forEach(c -> c.lines().forEach(line -> assertTrue(table.contains(line), line)));
        }
    }

    private static Row row(String id) {
        return report.rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private static Set<Path> scratchDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(Session.SCRATCH_PREFIX)).collect(Collectors.toSet());
        }
    }
}
