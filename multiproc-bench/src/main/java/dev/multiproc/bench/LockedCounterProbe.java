package dev.multiproc.bench;

import dev.multiproc.Barrier;
import dev.multiproc.Condition;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Lock;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared memory between JVMs against Python's {@code multiprocessing}, in the same run:
 * <ul>
 *   <li><b>locked</b>: 2 child processes × 100 k {@code lock(); v.set(v.get() + 1); unlock()} on a
 *       {@code SharedLong} (Python: {@code with lock: v.value += 1}, goal ≤ 0.2× Python's time);</li>
 *   <li><b>atomic</b>: the same without the lock, with {@code incrementAndGet()} (Python without the lock
 *       loses 27–39 % of the updates; this must lose none);</li>
 *   <li><b>racy</b>: without the lock, {@code v.set(v.get() + 1)}, to show what the lock buys;</li>
 *   <li><b>round trips</b> between the parent JVM and a child JVM: ping-pong with two {@code Event}s, and with
 *       a {@code Condition} and a turn variable (futex wake-ups, unless both sides stay in the spin phase).</li>
 * </ul>
 * Only the loops are timed: the children are started, wait at a {@code Barrier}, and record when they finish
 * ({@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, one clock for every process). Each child runs the
 * loop twice: the first pass ("cold") includes the JIT warming up, as Python's figure includes its interpreter;
 * the second ("warm") does not. Medians over the runs.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar
 * dev.multiproc.bench.LockedCounterProbe [runs] [--python multiproc-bench/python/locked_counter.py]}
 */
public final class LockedCounterProbe {
    private static final int PROCESSES = 2;
    private static final int INCREMENTS = 100_000;
    private static final int PASSES = 2;
    private static final int ROUND_TRIPS = 5_000;
    private static final int ROUND_TRIP_WARMUP = 1_000;
    /** A round trip waits at most this long before the run is reported as stalled rather than hanging. */
    private static final long STALL_NANOS = 1_000_000_000L;
    /** The longest a run of round trips may take (a healthy one takes well under a second). */
    private static final long RUN_BUDGET_NANOS = 10_000_000_000L;

    private LockedCounterProbe() {
    }

    enum Loop { LOCKED, ATOMIC, RACY }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path python = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--python")) {
                python = Path.of(args[++i]);
            } else {
                runs = Integer.parseInt(args[i]);
            }
        }
        Map<String, Double> java = new LinkedHashMap<>();
        try (Context ctx = Context.processes()) {
            for (Loop loop : Loop.values()) {
                double[][] ms = new double[PASSES][runs];
                double[] lostPct = new double[runs];
                for (int r = 0; r < runs; r++) {
                    double[] result = counterRun(ctx, loop);
                    for (int p = 0; p < PASSES; p++) {
                        ms[p][r] = result[p];
                    }
                    lostPct[r] = result[PASSES];
                }
                String name = loop.name().toLowerCase();
                java.put(name + "_cold_ms", median(ms[0]));
                java.put(name + "_warm_ms", median(ms[1]));
                java.put(name + "_lost_pct", median(lostPct));
            }
            java.put("event_round_trip_us", roundTrips(ctx, runs, false));
            try {
                java.put("condition_round_trip_us", roundTrips(ctx, runs, true));
            } catch (StalledException e) {
                System.out.println("condition round trip: " + e.getMessage());
            }
        }
        Map<String, Double> py = python == null ? Map.of() : runPython(python, runs);
        printTable(java, py);
        System.out.println(toJson(java));
        if (!py.isEmpty()) {
            System.out.println(toJson(py));
        }
    }

    /**
     * One run of {@code loop} in {@link #PROCESSES} fresh children.
     *
     * @return the milliseconds of each pass, then the percentage of updates lost (over both passes)
     */
    static double[] counterRun(Context ctx, Loop loop) throws Exception {
        Lock lock = ctx.lock();
        SharedLong v = ctx.sharedLong(0);
        Barrier start = ctx.barrier(PROCESSES + 1);
        SharedLongArray ends = ctx.sharedLongArray(PROCESSES * PASSES);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            int me = i;
            workers.add(ctx.start(() -> count(loop, lock, v, start, ends, me)));
        }
        double[] result = new double[PASSES + 1];
        for (int p = 0; p < PASSES; p++) {
            while (start.numberWaiting() < PROCESSES) {
                Thread.sleep(1);
            }
            Thread.sleep(20); // let both children block at the barrier
            long t0 = System.nanoTime();
            start.await();
            while (start.numberWaiting() < PROCESSES && anyAlive(workers) && p + 1 < PASSES) {
                Thread.sleep(1); // not a spin: two children already use both cores. Their arrival for the next
                                 // pass means this pass ended and its end times are written
            }
            if (p + 1 == PASSES) {
                for (Worker w : workers) {
                    w.join();
                }
            }
            long end = 0;
            for (int i = 0; i < PROCESSES; i++) {
                end = Math.max(end, ends.get(p * PROCESSES + i));
            }
            result[p] = (end - t0) / 1e6;
        }
        for (Worker w : workers) {
            if (w.exitCode().orElseThrow() != 0) {
                throw new IllegalStateException("child failed: " + w.failure().map(Throwable::toString).orElse("?"));
            }
        }
        long expected = (long) PROCESSES * INCREMENTS * PASSES;
        result[PASSES] = 100.0 * (expected - v.get()) / expected;
        return result;
    }

    private static boolean anyAlive(List<Worker> workers) {
        return workers.stream().anyMatch(Worker::isAlive);
    }

    /** A child: for each pass, meets the others at the barrier, runs the loop, records when it finished. */
    private static void count(Loop loop, Lock lock, SharedLong v, Barrier start, SharedLongArray ends, int me) {
        try {
            for (int p = 0; p < PASSES; p++) {
                start.await();
                switch (loop) {
                    case LOCKED -> {
                        for (int i = 0; i < INCREMENTS; i++) {
                            lock.lock();
                            try {
                                v.set(v.get() + 1);
                            } finally {
                                lock.unlock();
                            }
                        }
                    }
                    case ATOMIC -> {
                        for (int i = 0; i < INCREMENTS; i++) {
                            v.incrementAndGet();
                        }
                    }
                    case RACY -> {
                        for (int i = 0; i < INCREMENTS; i++) {
                            v.set(v.get() + 1);
                        }
                    }
                }
                ends.set(p * PROCESSES + me, System.nanoTime());
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Median over {@code runs} of the mean round trip, in microseconds, between this JVM and one child. */
    static double roundTrips(Context ctx, int runs, boolean condition) throws Exception {
        Event ping = ctx.event();
        Event pong = ctx.event();
        Lock lock = ctx.lock();
        Condition turnChanged = lock.newCondition();
        SharedLong turn = ctx.sharedLong(0); // condition variant: 0 parent's turn, 1 child's turn, 2 stop
        SharedLong stop = ctx.sharedLong(0);
        Worker child = ctx.start(condition ? () -> conditionPonger(lock, turnChanged, turn)
                : () -> eventPonger(ping, pong, stop));
        double[] us = new double[runs];
        if (condition) {
            lock.lock();
        }
        try {
            for (int r = -1; r < runs; r++) { // run -1 is the warm-up, and waits for the child to boot
                int n = r < 0 ? ROUND_TRIP_WARMUP : ROUND_TRIPS;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (System.nanoTime() - t0 > RUN_BUDGET_NANOS) {
                        throw new StalledException("only " + i + " round trips in " + RUN_BUDGET_NANOS / 1_000_000
                                + " ms: wake-ups are lost and found again only by a timed wait");
                    }
                    if (condition) {
                        turn.set(1);
                        turnChanged.signal();
                        while (turn.get() != 0) {
                            if (turnChanged.awaitNanos(STALL_NANOS) <= 0 && turn.get() != 0) {
                                throw new StalledException("stalled at round " + i + ": no wake-up within "
                                        + STALL_NANOS / 1_000_000 + " ms (a lost signal)");
                            }
                        }
                    } else {
                        ping.set();
                        pong.await();
                        pong.clear();
                    }
                }
                if (r >= 0) {
                    us[r] = (System.nanoTime() - t0) / 1e3 / n;
                }
            }
        } finally {
            if (condition) {
                turn.set(2);
                turnChanged.signalAll();
                lock.unlock();
            } else {
                stop.set(1);
                ping.set();
            }
        }
        child.join();
        if (child.exitCode().orElseThrow() != 0) {
            throw new IllegalStateException("ponger failed: " + child.failure().map(Throwable::toString).orElse("?"));
        }
        return median(us);
    }

    private static void eventPonger(Event ping, Event pong, SharedLong stop) {
        try {
            while (true) {
                ping.await();
                if (stop.get() != 0) {
                    return;
                }
                ping.clear();
                pong.set();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void conditionPonger(Lock lock, Condition turnChanged, SharedLong turn) {
        lock.lock();
        try {
            while (true) {
                while (turn.get() == 0) {
                    turnChanged.awaitNanos(STALL_NANOS / 10); // bounded: the parent ends a stalled run
                }
                if (turn.get() == 2) {
                    return;
                }
                turn.set(0);
                turnChanged.signal();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /** A ping-pong that stopped making progress: a wake-up was lost. */
    static final class StalledException extends RuntimeException {
        StalledException(String message) {
            super(message);
        }
    }

    private static Map<String, Double> runPython(Path script, int runs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python failed: " + out);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":\\s*([-0-9.eE]+)").matcher(out);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private static void printTable(Map<String, Double> java, Map<String, Double> py) {
        System.out.println();
        System.out.println("| 2 processes x 100 k | multiproc | Python | ratio |");
        System.out.println("|---|---|---|---|");
        row("locked, ms (cold: first pass)", java.get("locked_cold_ms"), py.get("locked_ms"));
        row("locked, ms (warm: second pass)", java.get("locked_warm_ms"), py.get("locked_ms"));
        row("no lock, ms (atomic vs Python's lossy +=)", java.get("atomic_cold_ms"), py.get("unlocked_ms"));
        row("no lock, % updates lost (atomic)", java.get("atomic_lost_pct"), py.get("unlocked_lost_pct"));
        row("no lock, % updates lost (racy get/set)", java.get("racy_lost_pct"), py.get("unlocked_lost_pct"));
        row("locked, % updates lost", java.get("locked_lost_pct"), py.get("locked_lost_pct"));
        row("Event ping-pong round trip, us", java.get("event_round_trip_us"), py.get("event_round_trip_us"));
        row("Condition ping-pong round trip, us", java.get("condition_round_trip_us"), null);
    }

    private static void row(String name, Double java, Double py) {
        String ratio = java != null && py != null && py > 0 ? String.format("%.2fx", java / py) : "";
        System.out.printf("| %s | %s | %s | %s |%n", name, fmt(java), fmt(py), ratio);
    }

    private static String fmt(Double d) {
        return d == null ? "" : String.format("%.3f", d);
    }

    private static String toJson(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(String.format("%.4f", v)));
        return sb.append('}').toString();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
