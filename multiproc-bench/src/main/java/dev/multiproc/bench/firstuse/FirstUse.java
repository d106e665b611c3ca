package dev.multiproc.bench.firstuse;

import dev.multiproc.Connection;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.Pipe;
import dev.multiproc.Pool;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One workload of first use, run once by a fresh JVM the way a user's program runs it: on a cold JIT, with
 * whatever class path the harness gives (all jars, or the user's classes in a directory). Prints one JSON line of
 * figures. The harness ({@code multiproc-bench/python/first_use.py}) runs each workload in several fresh JVMs, and
 * the same program in Python beside it.
 *
 * <p>Usage: {@code FirstUse <workload> [gap-ms]}, workload one of {@code cold}, {@code warm}, {@code locked},
 * {@code two} (locked with one increment per worker: the start's share),
 * {@code queue}, {@code pipe}, {@code map1}, {@code mapdefault}, {@code idle}, {@code empty}.
 */
public final class FirstUse {
    private static final int INCREMENTS = 100_000;
    private static final int QUEUE_ITEMS = 1_000_000;
    private static final int ROUND_TRIPS = 2_000;
    private static final int MAP_ITEMS = 10_000;

    private FirstUse() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (args[0]) {
            case "empty" -> { } // the floor: a JVM that starts and exits
            case "cold" -> cold(out);
            case "warm" -> warm(out, Integer.parseInt(args.length > 1 ? args[1] : "100"));
            case "locked" -> locked(out, INCREMENTS);
            case "two" -> locked(out, 1); // the same program's start and join: what the increments add to it
            case "queue" -> queue(out);
            case "pipe" -> pipe(out);
            case "map1" -> map(out, 1);
            case "mapdefault" -> map(out, 0);
            case "idle" -> idle(out);
            case "booted" -> booted();
            default -> throw new IllegalArgumentException("no such workload: " + args[0]);
        }
        System.out.println(json(out));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A program's first worker: a fresh context, one empty worker started and joined. */
    private static void cold(Map<String, Object> out) throws InterruptedException {
        long t0 = System.nanoTime();
        try (Context ctx = Context.processes()) {
            long t1 = System.nanoTime();
            Worker w = ctx.start(() -> { });
            w.join();
            long t2 = System.nanoTime();
            out.put("context_ms", ms(t1 - t0));
            out.put("start_join_ms", ms(t2 - t1));
            out.put("exit", w.exitCode().orElse(-1));
        }
    }

    /**
     * Starts from warm spares, {@code gapMillis} apart: the spare is booted before the first start, and each later
     * start finds the spare that replaced the one before only if the gap let it boot.
     */
    private static void warm(Map<String, Object> out, int gapMillis) throws InterruptedException {
        try (Context ctx = Context.processes(ProcessOptions.defaults().withWarmSpares(1))) {
            Thread.sleep(3000); // the first spare boots (and the AOT cache, if any, is found)
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                Worker w = ctx.start(() -> { });
                w.join();
                times.add(ms(System.nanoTime() - t0));
                Thread.sleep(gapMillis);
            }
            out.put("gap_ms", gapMillis);
            out.put("start_join_ms", times);
        }
    }

    /**
     * Two fresh workers, each adding 1 under a lock {@code increments} times: start() of the first to join() of
     * the last.
     */
    private static void locked(Map<String, Object> out, int increments) throws InterruptedException {
        try (Context ctx = Context.processes()) {
            Lock lock = ctx.lock();
            SharedLong counter = ctx.sharedLong(0);
            long t0 = System.nanoTime();
            Worker a = ctx.start(() -> add(lock, counter, increments));
            Worker b = ctx.start(() -> add(lock, counter, increments));
            a.join();
            b.join();
            out.put("start_to_join_ms", ms(System.nanoTime() - t0));
            out.put("counter", counter.get());
        }
    }

    private static void add(Lock lock, SharedLong counter, int increments) {
        for (int i = 0; i < increments; i++) {
            lock.lock();
            try {
                counter.set(counter.get() + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    /** A fresh worker puts a million small items into an unbounded queue; this JVM takes them. */
    private static void queue(Map<String, Object> out) throws InterruptedException {
        try (Context ctx = Context.processes()) {
            Queue<Integer> q = ctx.queue();
            long t0 = System.nanoTime();
            Worker producer = ctx.start(() -> {
                for (int i = 0; i < QUEUE_ITEMS; i++) {
                    try {
                        q.put(i);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            q.take();
            long first = System.nanoTime();
            for (int i = 1; i < QUEUE_ITEMS; i++) {
                q.take();
            }
            long last = System.nanoTime();
            producer.join();
            out.put("msgs_per_s_from_first_take", (QUEUE_ITEMS - 1) / ((last - first) / 1e9));
            out.put("msgs_per_s_from_start", QUEUE_ITEMS / ((last - t0) / 1e9));
        }
    }

    /** Round trips of an Integer to a fresh worker that echoes it: the median, and of the first 100. */
    private static void pipe(Map<String, Object> out) throws InterruptedException {
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe();
            Connection far = p.right();
            Worker echo = ctx.start(() -> {
                try {
                    for (int i = 0; i < ROUND_TRIPS; i++) {
                        far.send(far.<Integer>recv());
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Connection near = p.left();
            long[] nanos = new long[ROUND_TRIPS];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                long t0 = System.nanoTime();
                near.send(i);
                near.<Integer>recv();
                nanos[i] = System.nanoTime() - t0;
            }
            echo.join();
            out.put("round_trip_us_median", median(nanos, 0, ROUND_TRIPS) / 1e3);
            out.put("round_trip_us_first100_median", median(nanos, 0, 100) / 1e3);
        }
    }

    /** A fresh pool of 2: its first map of 10 000 trivial items ({@code chunk} 0: the default chunking). */
    private static void map(Map<String, Object> out, int chunk) throws InterruptedException {
        List<Integer> items = IntStream.range(0, MAP_ITEMS).boxed().toList();
        try (Context ctx = Context.processes()) {
            long t0 = System.nanoTime();
            try (Pool pool = ctx.pool(2)) {
                long t1 = System.nanoTime();
                List<Integer> r = chunk > 0 ? pool.map(x -> x + 1, items, chunk) : pool.map(x -> x + 1, items);
                long t2 = System.nanoTime();
                out.put("pool_ms", ms(t1 - t0));
                out.put("items_per_s", MAP_ITEMS / ((t2 - t1) / 1e9));
                out.put("items_per_s_with_pool_start", MAP_ITEMS / ((t2 - t0) / 1e9));
                out.put("checked", r.get(MAP_ITEMS - 1) == MAP_ITEMS);
            }
        }
    }

    /**
     * Memory of idle children: one, then a second beside it, each sleeping after its start; RSS, PSS and USS (the
     * private pages: what one more worker really costs) of each, from {@code /proc/<pid>/smaps_rollup}.
     */
    private static void idle(Map<String, Object> out) throws Exception {
        try (Context ctx = Context.processes()) {
            Worker first = ctx.start(() -> sleep(30_000));
            Worker second = ctx.start(() -> sleep(30_000));
            Thread.sleep(4000); // both booted, their start-up garbage settled
            out.put("first", memory(first.pid()));
            out.put("second", memory(second.pid()));
            first.kill();
            second.kill();
        }
    }

    private static Map<String, Object> memory(long pid) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        long uss = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            String[] f = line.trim().split("\\s+");
            switch (f[0]) {
                case "Rss:" -> m.put("rss_mib", Long.parseLong(f[1]) / 1024.0);
                case "Pss:" -> m.put("pss_mib", Long.parseLong(f[1]) / 1024.0);
                case "Private_Clean:", "Private_Dirty:" -> uss += Long.parseLong(f[1]);
                default -> { }
            }
        }
        m.put("uss_mib", uss / 1024.0);
        return m;
    }

    /** A JVM booted and waiting to be told to exit: the harness closes its standard input and times the exit. */
    private static void booted() throws Exception {
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() != -1) {
            // until the harness closes standard input
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double median(long[] values, int from, int to) {
        long[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return part[part.length / 2];
    }

    private static String json(Map<String, Object> values) {
        StringBuilder b = new StringBuilder("{");
        values.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v instanceof Map<?, ?> m ? json(castMap(m)) : v instanceof Boolean || v instanceof Number
                        || v instanceof List<?> ? String.valueOf(v) : "\"" + v + "\""));
        return b.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
