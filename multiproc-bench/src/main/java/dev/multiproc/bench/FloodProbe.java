package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Queue;
import dev.multiproc.Worker;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The flood: one producer process puts {@code n} Integers into an unbounded {@code Queue} while nobody
 * consumes, then this JVM drains them. Compared with the same program in Python by
 * {@code multiproc-bench/python/compare_flood.py} (which runs {@code flood.py} and this in one run).
 * <ul>
 *   <li>{@code put_s}: the producer's start to its join (every item is in the queue when it has ended);</li>
 *   <li>{@code files} and {@code shm_mib}: the queue's overflow files, and the growth of {@code /dev/shm}'s
 *       used space, with every item waiting;</li>
 *   <li>{@code drain_ring_msgs_per_s}: take rate of items 50 000 to 150 000, which the 4 MiB ring holds;
 *       {@code drain_backlog_msgs_per_s}: take rate of the second half, which waits in the overflow chain.</li>
 * </ul>
 * Prints a summary, then one JSON line of every figure (the last line).
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar
 * dev.multiproc.bench.FloodProbe [n]}
 */
public final class FloodProbe {
    private static final Path SHM = Path.of("/dev/shm");

    private FloodProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("items", (double) n);
        try (Context ctx = Context.processes()) {
            Queue<Integer> q = ctx.queue();
            long usedBefore = shmUsed();
            long t0 = System.nanoTime();
            Worker producer = ctx.start(() -> {
                for (int i = 0; i < n; i++) {
                    try {
                        q.put(i);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            producer.join();
            r.put("put_s", (System.nanoTime() - t0) / 1e9);
            if (producer.exitCode().orElse(-1) != 0 || q.size() != n) {
                throw new IllegalStateException("producer ended " + producer.exitCode() + ", queue holds " + q.size());
            }
            r.put("files", (double) overflowFiles());
            r.put("shm_mib", (shmUsed() - usedBefore) / (1024.0 * 1024));
            drain(q, n, r);
            r.put("files_after_drain", (double) overflowFiles());
        }
        System.out.printf("%d items: put %.2f s, %d overflow files, %.0f MiB in /dev/shm; drain %.0f msg/s from "
                        + "the ring, %.0f msg/s from the backlog (%.2fx)%n", n, r.get("put_s"), r.get("files").intValue(),
                r.get("shm_mib"), r.get("drain_ring_msgs_per_s"), r.get("drain_backlog_msgs_per_s"),
                r.get("drain_ring_msgs_per_s") / r.get("drain_backlog_msgs_per_s"));
        StringBuilder json = new StringBuilder("{");
        r.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        System.out.println(json.append('}'));
    }

    private static void drain(Queue<Integer> q, int n, Map<String, Double> r) throws InterruptedException {
        int ringFrom = 50_000, ringTo = 150_000, backlogFrom = n / 2;
        long ringStart = 0, ringEnd = 0, backlogStart = 0;
        for (int i = 0; i < n; i++) {
            if (i == ringFrom) {
                ringStart = System.nanoTime();
            } else if (i == ringTo) {
                ringEnd = System.nanoTime();
            } else if (i == backlogFrom) {
                backlogStart = System.nanoTime();
            }
            int got = q.take();
            if (got != i) {
                throw new IllegalStateException("took " + got + " for item " + i);
            }
        }
        long end = System.nanoTime();
        r.put("drain_ring_msgs_per_s", (ringTo - ringFrom) / ((ringEnd - ringStart) / 1e9));
        r.put("drain_backlog_msgs_per_s", (n - backlogFrom) / ((end - backlogStart) / 1e9));
    }

    private static long shmUsed() throws IOException {
        FileStore s = Files.getFileStore(SHM);
        return s.getTotalSpace() - s.getUnallocatedSpace();
    }

    /** Files of overflow chains of this JVM's queues: {@code multiproc-<pid>-...q<n>o<block>}. */
    private static long overflowFiles() throws IOException {
        String mine = "multiproc-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(SHM)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith(mine) && f.matches(".*q[0-9]+o[0-9]+")).count();
        }
    }
}
