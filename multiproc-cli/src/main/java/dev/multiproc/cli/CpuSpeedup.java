package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Queue;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Row "CPU-bound speed-up": the classic example, counting primes below a limit, split across 1, 2, 4, ... up to
 * {@code cpuCount} workers on each engine. Every worker puts its count, and how long counting took it, in a
 * {@link Queue}, which the parent empties after the joins; the counts must add up to what a sieve finds in this
 * JVM, or the row fails.
 *
 * <p>Two figures per worker count: the wall time from the first {@code start()} to the last {@code join()},
 * which for a process includes starting its JVM (and, for the warm engine, the replacement spares booting
 * alongside); and the count alone, the slowest worker's own counting time, which shows how the work itself
 * scales. This JVM's JIT is warmed up first, a child's cannot be. Each worker count runs
 * {@link CompareOptions#speedupRuns()} times, interleaved with the other counts; the fastest run counts.
 */
final class CpuSpeedup implements Measurement {
    private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String title() {
        return "CPU-bound speed-up";
    }

    @Override
    public Row measure(Session session) throws InterruptedException {
        long limit = session.options().primeLimit();
        List<Integer> counts = workerCounts(Machine.current().cores());
        Primes.countShare(Math.max(1, limit / 10), 1, 0); // warms up this JVM's JIT for the thread engines
        long expected = Primes.countBySieve(limit);
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            cells.add(cell(engine, counts, fastest(session, engine, counts, expected)));
        }
        String method = Units.format("count the %,d primes below %,d by trial division, blocks of %d dealt to W "
                + "workers, each putting its count in a queue; wall time from first start() to last join(), "
                + "best of %d; \"count only\": speed-up of the slowest worker's own counting time", expected, limit,
                Primes.BLOCK, session.options().speedupRuns());
        return new Row("cpu_speedup", title(), cells, meaning(cells, counts), method);
    }

    /** 1, 2, 4, ... below {@code cores}, and {@code cores}: every step on a small machine, a few on a big one. */
    static List<Integer> workerCounts(int cores) {
        TreeSet<Integer> counts = new TreeSet<>();
        for (int w = 1; w < cores; w *= 2) {
            counts.add(w);
        }
        counts.add(cores);
        return List.copyOf(counts);
    }

    private static Cell cell(Engine engine, List<Integer> counts, Timing[] best) {
        Map<String, Double> f = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            int w = counts.get(i);
            double speedup = (double) best[0].wallNanos() / best[i].wallNanos();
            f.put("w" + w + "_ms", best[i].wallNanos() / Units.NANOS_PER_MS);
            f.put("w" + w + "_speedup", speedup);
            f.put("w" + w + "_count_ms", best[i].countNanos() / Units.NANOS_PER_MS);
            f.put("w" + w + "_count_speedup", (double) best[0].countNanos() / best[i].countNanos());
            lines.add(w + (w == 1 ? " worker: " : " workers: ") + Units.nanos(best[i].wallNanos())
                    + (w == 1 ? "" : " " + Units.times(speedup)));
        }
        int most = counts.getLast();
        lines.add("count only: " + (most == 1 ? Units.nanos(best[0].countNanos())
                : Units.times(f.get("w" + most + "_count_speedup"))));
        return new Cell(engine, lines, f);
    }

    /**
     * The fastest run of each worker count. Runs are interleaved (1, 2, 4, 1, 2, 4, ...) so that load from
     * elsewhere, which comes and goes, weighs on every count alike instead of on one.
     */
    private static Timing[] fastest(Session session, Engine engine, List<Integer> counts, long expected)
            throws InterruptedException {
        Timing[] best = new Timing[counts.size()];
        try (Context ctx = session.open(engine)) {
            Queue<long[]> results = ctx.queue(); // empty again after each run
            for (int run = 0; run < session.options().speedupRuns(); run++) {
                for (int i = 0; i < counts.size(); i++) {
                    session.awaitSpares(engine);
                    Timing t = run(ctx, results, session, counts.get(i), expected);
                    best[i] = best[i] == null ? t : Timing.faster(best[i], t);
                }
            }
        }
        return best;
    }

    /** Runs the count on {@code workers} workers and checks the total. */
    private static Timing run(Context ctx, Queue<long[]> results, Session session, int workers, long expected)
            throws InterruptedException {
        long limit = session.options().primeLimit();
        List<Worker> started = new ArrayList<>(workers);
        long t0 = System.nanoTime();
        for (int i = 0; i < workers; i++) {
            int index = i;
            started.add(ctx.worker(() -> Tasks.countPrimes(limit, workers, index, results)).daemon(true).start());
        }
        for (Worker w : started) {
            Session.joinOk(w, JOIN_TIMEOUT);
        }
        long wall = System.nanoTime() - t0;
        return new Timing(wall, collect(results, workers, expected));
    }

    /**
     * Takes the workers' results from the queue, where every worker that ended well has put its own.
     *
     * @return the slowest worker's counting time
     * @throws IllegalStateException if a result is missing or the counts do not add up to {@code expected}
     */
    private static long collect(Queue<long[]> results, int workers, long expected) {
        long total = 0;
        long slowest = 0;
        for (int i = 0; i < workers; i++) {
            long[] result = results.poll(); // put before its worker ended: no waiting
            if (result == null) {
                throw new IllegalStateException("only " + i + " of " + workers + " workers gave their count");
            }
            total += result[0];
            slowest = Math.max(slowest, result[1]);
        }
        if (total != expected) {
            throw new IllegalStateException("workers miscounted the primes: expected=" + expected + ", got=" + total);
        }
        return slowest;
    }

    private static String meaning(List<Cell> cells, List<Integer> counts) {
        int most = counts.getLast();
        if (most == 1) {
            return "CPU-bound: one CPU here, so no engine can speed up; Java has no GIL, so with more cores threads "
                    + "scale like processes";
        }
        String w = "w" + most;
        String s = "CPU-bound: Java has no GIL, threads scale like processes: " + most + " workers count "
                + speedups(cells, w + "_count_speedup") + " faster than 1; end to end, where processes also start "
                + "JVMs: " + speedups(cells, w + "_speedup");
        return sparesInTheWay(cells, w + "_count_speedup") ? s + "; warm processes count slower because each "
                + "spare taken is replaced at once, and the replacements boot during the count" : s;
    }

    /**
     * Whether warm workers scaled clearly worse than cold ones at the same count: the only difference between the
     * engines while counting is the replacement spares, which boot at the same time on the same cores.
     */
    private static boolean sparesInTheWay(List<Cell> cells, String countSpeedup) {
        double warm = cells.get(Engine.WARM_PROCESSES.ordinal()).figure(countSpeedup);
        double cold = cells.get(Engine.COLD_PROCESSES.ordinal()).figure(countSpeedup);
        return warm < 0.8 * cold;
    }

    private static String speedups(List<Cell> cells, String key) {
        List<String> parts = new ArrayList<>();
        for (Engine e : Engine.values()) {
            parts.add(e.label() + " " + Units.times(cells.get(e.ordinal()).figure(key)));
        }
        return String.join(", ", parts);
    }

    /** One run: its wall time and the slowest worker's own counting time. */
    private record Timing(long wallNanos, long countNanos) {

        /** The faster of two runs by wall time; the count alone keeps its own minimum. */
        static Timing faster(Timing a, Timing b) {
            return new Timing(Math.min(a.wallNanos, b.wallNanos), Math.min(a.countNanos, b.countNanos));
        }
    }
}
