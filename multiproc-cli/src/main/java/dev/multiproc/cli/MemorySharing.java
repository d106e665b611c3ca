package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Queue;
import dev.multiproc.SharedMemory;
import dev.multiproc.Worker;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "memory sharing": handing a 10 MiB {@code byte[]} to a worker through a {@code Queue} (by reference
 * between threads, serialized and copied between processes: the worker's identity hash tells which happened),
 * and sharing the same bytes through {@code SharedMemory} (written once, read in place by the worker). Each
 * hand-off is timed until the worker's answer (three bytes it read) is back.
 */
final class MemorySharing implements Measurement {
    static final int SIZE = 10 * 1024 * 1024;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String title() {
        return "memory sharing (10 MiB)";
    }

    @Override
    public Row measure(Session session) throws InterruptedException {
        int reps = Math.max(3, session.options().processStarts());
        byte[] data = new byte[SIZE];
        Arrays.fill(data, (byte) 7);
        data[0] = 1;
        data[SIZE / 2] = 2;
        data[SIZE - 1] = 3;
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            try (Context ctx = session.open(engine)) {
                HandOffs queue = throughQueue(ctx, data, reps);
                Stats shared = throughSharedMemory(ctx, data, reps);
                cells.add(cell(engine, queue, shared));
            }
        }
        String method = Units.format("median (p10-p90) of %d hand-offs of a 10 MiB byte[] after one warm-up, "
                + "each timed until the worker's answer is back; bytes copied = 0 when the array the worker got "
                + "and gave back is the sender's very object; shared memory: one copy into the segment, read in "
                + "place", reps);
        return new Row("memory_sharing", title(), cells, meaning(cells), method);
    }

    /** The timings of the hand-offs through a queue, and whether the worker got the sender's very array. */
    private record HandOffs(Stats times, boolean byReference) {
    }

    private static HandOffs throughQueue(Context ctx, byte[] data, int reps) throws InterruptedException {
        Queue<byte[]> in = ctx.queue(1);
        Queue<byte[]> back = ctx.queue(1);
        Queue<long[]> out = ctx.queue(1);
        Worker w = ctx.start(() -> Tasks.receiveArrays(in, back, out, reps + 1));
        in.put(data); // the warm-up: it comes back, the same object or a copy
        boolean byReference = back.take() == data;
        long[] nanos = new long[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            in.put(data);
            long[] seen = out.take();
            nanos[i] = System.nanoTime() - t0;
            check(seen[0], seen[1], seen[2], seen[3]);
        }
        Session.joinOk(w, JOIN_TIMEOUT);
        return new HandOffs(Stats.of(nanos), byReference);
    }

    private static Stats throughSharedMemory(Context ctx, byte[] data, int reps) throws InterruptedException {
        SharedMemory memory = ctx.sharedMemory(SIZE);
        Queue<Integer> ping = ctx.queue(1);
        Queue<long[]> out = ctx.queue(1);
        Worker w = ctx.start(() -> Tasks.readShared(memory, ping, out, reps + 1));
        MemorySegment segment = memory.segment();
        long[] nanos = new long[reps];
        for (int i = 0; i <= reps; i++) {
            long t0 = System.nanoTime();
            MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, 0, SIZE);
            ping.put(i);
            long[] seen = out.take();
            long elapsed = System.nanoTime() - t0;
            check(seen[0], seen[1], seen[2], seen[3]);
            if (i > 0) {
                nanos[i - 1] = elapsed;
            }
        }
        Session.joinOk(w, JOIN_TIMEOUT);
        memory.close();
        return Stats.of(nanos);
    }

    private static void check(long length, long first, long middle, long last) {
        if (length != SIZE || first != 1 || middle != 2 || last != 3) {
            throw new IllegalStateException("the worker read other bytes: length=" + length + ", bytes=" + first
                    + "," + middle + "," + last);
        }
    }

    private static Cell cell(Engine engine, HandOffs queue, Stats shared) {
        Map<String, Double> f = new LinkedHashMap<>();
        queue.times().putInto(f, "queue_", "ms", Units.NANOS_PER_MS);
        f.put("bytes_copied", queue.byReference() ? 0.0 : SIZE);
        f.put("shared_median_ms", shared.median() / Units.NANOS_PER_MS);
        return new Cell(engine, List.of("queue " + Units.nanos(queue.times().median()),
                queue.byReference() ? "by reference" : Units.bytes(SIZE) + " copied",
                "shared mem " + Units.nanos(shared.median())), f);
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell process = cells.get(Engine.COLD_PROCESSES.ordinal());
        return "memory: threads hand over 10 MiB by reference in " + Units.nanos(thread.figure("queue_median_ms") * 1e6)
                + "; a process gets a copy through a queue in " + Units.nanos(process.figure("queue_median_ms") * 1e6)
                + ", or reads it in place from shared memory in " + Units.nanos(process.figure("shared_median_ms") * 1e6)
                + " (one copy in): isolation costs copies, shared memory avoids them for raw data";
    }
}
