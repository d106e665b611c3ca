package dev.multiproc.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Made-up reports for renderer tests: no measurement, so the renderers can be tested in milliseconds. */
final class SampleReports {

    /** Medians in ms, in engine order: platform, virtual, cold, warm (BENCHMARKS.md). */
    static final double[] START_MEDIANS_MS = {0.141, 0.010, 114.0, 21.7};
    /** KiB per idle worker, in engine order. */
    static final double[] MEMORY_KIB = {62.5, 1.2, 41_000, 40_500};
    /** Speed-ups at 1, 2 and 4 workers, per engine in engine order. */
    static final double[][] SPEEDUPS = {{1, 1.95, 3.8}, {1, 1.9, 3.5}, {1, 1.5, 2.2}, {1, 1.7, 2.9}};
    /** I/O-bound worker counts per engine in engine order, as a quick run measures them. */
    static final int[][] IO_WORKERS = {{1, 16, 256}, {1, 16, 256, 1024}, {1, 4}, {1, 4}};
    /** Requests per second at those counts (a quick run on the project's machine; warm apart from cold). */
    static final double[][] IO_RPS = {{403, 6_345, 26_012}, {436, 7_014, 45_501, 48_435}, {396, 1_272},
        {300, 2_100}};
    /** Queue messages per second, in engine order. */
    static final double[] QUEUE_RATES = {1_424_132, 8_414_728, 268_794, 275_132};
    /** Pipe round-trip medians in us, in engine order. */
    static final double[] PIPE_RT_US = {49.3, 10.3, 4.62, 6.64};

    private SampleReports() {
    }

    /** Two rows, one with multi-line cells, texts with characters JSON must escape. */
    static Report sample() {
        Machine machine = new Machine(2, "25 (\"Test\" VM)", "Linux\ttest amd64");
        return new Report(machine, "quick", List.of(row("start_time", "start + join", 1),
                row("cpu_speedup", "CPU-bound speed-up", 2)), Duration.ofMillis(1234), 0.5);
    }

    static Row row(String id, String title, int linesPerCell) {
        List<Cell> cells = new ArrayList<>();
        for (Engine e : Engine.values()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < linesPerCell; i++) {
                lines.add(e.id() + " line " + i);
            }
            cells.add(new Cell(e, lines, Map.of("median_ms", 0.5 + e.ordinal(), "odd", Double.NaN)));
        }
        return new Row(id, title, cells, "meaning of " + id + " with a \"quote\" and a \\ backslash\n",
                "method of " + id);
    }

    /**
     * Every row {@code compare} measures today, with figures of the names the measurements write and values like
     * those of the project's 2-core machine (speed-ups as on 4 cores, so the curve has three points), then a row of
     * an id no renderer knows. The machine and the unknown row carry text HTML must escape.
     */
    static Report full() {
        Machine machine = new Machine(4, "25.0.1 <Temurin> & \"Co\"", "Linux 6.1 amd64");
        return new Report(machine, "quick", List.of(startTime(), memory(), interruptibility(), exitInTask(),
                howMany(), speedup(), ioBound(), dataExchange(), unknown()), Duration.ofMillis(1234), 0.05);
    }

    /** A copy of {@link #full()} with only the rows of these ids, in {@link #full()}'s order. */
    static Report only(String... ids) {
        Report full = full();
        List<Row> rows = full.rows().stream().filter(r -> List.of(ids).contains(r.id())).toList();
        return new Report(full.machine(), full.mode(), rows, full.elapsed(), full.backgroundCores());
    }

    private static Row startTime() {
        return fullRow("start_time", "start + join", e -> {
            double m = START_MEDIANS_MS[e.ordinal()];
            return new Cell(e, List.of(Units.nanos(m * 1e6), "(" + Units.nanos(m * 0.8e6) + " - "
                    + Units.nanos(m * 1.4e6) + ")"), figures("median_ms", m, "p10_ms", m * 0.8, "p90_ms", m * 1.4,
                    "samples", 2000.0));
        });
    }

    private static Row memory() {
        return fullRow("memory_per_worker", "memory per worker", e -> {
            double kib = MEMORY_KIB[e.ordinal()];
            return new Cell(e, List.of(Units.bytes(kib * 1024)), figures("per_worker_kib", kib,
                    "rss_per_worker_kib", kib));
        });
    }

    private static Row interruptibility() {
        return fullRow("interruptibility", "stop a task that ignores interrupts", e -> e.isProcess()
                ? new Cell(e, List.of("SIGTERM: 12.0 ms (-15)", "SIGKILL: 8.00 ms (-9)"),
                        figures("alive_after_terminate", 0.0, "terminate_to_join_ms", 12.0, "kill_to_join_ms", 8.0))
                : new Cell(e, List.of("keeps running"), figures("alive_after_terminate", 1.0, "watched_ms", 500.0)));
    }

    private static Row exitInTask() {
        return fullRow("exit_in_task", "System.exit in a task", e -> new Cell(e, e.isProcess()
                ? List.of("task failed: exit 3", "others: 4 of 4 done", "pool serves on", "seen after 12.0 ms")
                : List.of("whole JVM exited: 3", "others: 0 of 4 done", "program gone", "seen after 15.0 ms"),
                figures("exit_code", 3.0, "others", 4.0, "others_completed", e.isProcess() ? 4.0 : 0.0,
                        "program_survived", e.isProcess() ? 1.0 : 0.0, "served_after", e.isProcess() ? 1.0 : 0.0,
                        "seen_after_ms", e.isProcess() ? 12.0 : 15.0)));
    }

    private static Row howMany() {
        return fullRow("how_many", "how many at once", e -> {
            double cap = e.isProcess() ? 8 : e == Engine.VIRTUAL_THREADS ? 100_000 : 2_000;
            return new Cell(e, List.of(Units.count(cap) + " of " + Units.count(cap)), figures("running", cap,
                    "cap", cap, "elapsed_ms", 150.0, "refused", 0.0));
        });
    }

    private static Row speedup() {
        return fullRow("cpu_speedup", "CPU-bound speed-up", e -> {
            double[] s = SPEEDUPS[e.ordinal()];
            Map<String, Double> f = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                int w = 1 << i;
                f.put("w" + w + "_ms", 800 / s[i]);
                f.put("w" + w + "_speedup", s[i]);
                f.put("w" + w + "_count_ms", 780 / s[i]);
                f.put("w" + w + "_count_speedup", s[i]);
                lines.add(w + " workers: " + Units.times(s[i]));
            }
            return new Cell(e, lines, f);
        });
    }

    private static Row ioBound() {
        return fullRow("io_bound", "I/O-bound", e -> {
            Map<String, Double> f = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < IO_WORKERS[e.ordinal()].length; i++) {
                int n = IO_WORKERS[e.ordinal()][i];
                f.put("rps_" + n, IO_RPS[e.ordinal()][i]);
                lines.add(n + ": " + Units.count(IO_RPS[e.ordinal()][i]) + "/s");
            }
            return new Cell(e, lines, f);
        });
    }

    private static Row dataExchange() {
        return fullRow("data_exchange", "data exchange", e -> {
            double rt = PIPE_RT_US[e.ordinal()];
            return new Cell(e, List.of(Units.count(QUEUE_RATES[e.ordinal()]) + " msg/s",
                    "pipe RT " + Units.nanos(rt * 1e3)), figures("queue_msgs_per_s", QUEUE_RATES[e.ordinal()],
                    "pipe_rt_median_us", rt, "pipe_rt_p10_us", rt * 0.8, "pipe_rt_p90_us", rt * 3));
        });
    }

    /** A row of a kind no renderer knows yet: its first figure with a unit is a time. */
    private static Row unknown() {
        return new Row("unknown_row", "data <exchange> & \"round-trips\"", cells(e -> new Cell(e,
                List.of("<b>" + e.id() + "</b>"), figures("messages", 1000.0, "round_trip_ms",
                e.isProcess() ? 0.05 : 0.002))), "meaning: <script>alert('x')</script> & more",
                "method with a control character \u0001 and 'quotes'");
    }

    private static Row fullRow(String id, String title, Function<Engine, Cell> cell) {
        return new Row(id, title, cells(cell), "meaning of " + id, "method of " + id);
    }

    static List<Cell> cells(Function<Engine, Cell> cell) {
        List<Cell> cells = new ArrayList<>();
        for (Engine e : Engine.values()) {
            cells.add(cell.apply(e));
        }
        return cells;
    }

    /** Figures in the given order: name, value, name, value, ... */
    static Map<String, Double> figures(Object... namesAndValues) {
        Map<String, Double> f = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            f.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
        }
        return f;
    }
}
