package dev.multiproc.bench;

import dev.multiproc.Barrier;
import dev.multiproc.Connection;
import dev.multiproc.Context;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;

/**
 * Queues and pipes between JVMs, for the comparison with Python's {@code multiprocessing} (see
 * {@code multiproc-bench/python/compare_ipc.py}, which runs this and {@code queue_pipe.py} in the same run):
 * <ul>
 *   <li><b>queue</b>: {@code Queue<Integer>} throughput from one producer process to one consumer process
 *       (two children; the parent only reads the clocks), msgs/s, median of the runs of {@value #QUEUE_MESSAGES}
 *       messages. The producer records the start after a barrier, the consumer the end after its last take
 *       ({@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, one clock for every process). A first run,
 *       not counted, warms up both JITs (it is reported as {@code queue_cold_msgs_per_s});</li>
 *   <li><b>pipe</b>: round trip of a small object (an {@code Integer}, and a small record) between this JVM and
 *       a child that echoes it, µs, median over the runs of {@value #ROUND_TRIPS} round trips after
 *       {@value #WARMUP} of warm-up;</li>
 *   <li><b>upper anchors</b>, the same two workloads over plain transports between this JVM and a second JVM
 *       ({@link IpcPeer}, launched with {@link ProcessBuilder}): a Unix-domain-socket pair (4-byte messages,
 *       one {@code write} per message, the reader reads in bulk), and Agrona's {@code OneToOneRingBuffer}s on a
 *       shared mapping, both sides spinning (no serialization, no blocking: a floor, not a like-for-like).</li>
 * </ul>
 * Prints a table, then one JSON line of every figure (the last line of the output).
 *
 * <p>Run (the Agrona anchor needs the add-exports flag on JDK 25, and is skipped without it):
 * {@code java --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
 * --sun-misc-unsafe-memory-access=allow -cp multiproc-bench/target/benchmarks.jar dev.multiproc.bench.IpcProbe
 * [runs]}
 */
public final class IpcProbe {
    static final int QUEUE_MESSAGES = 200_000;
    static final int ROUND_TRIPS = 20_000;
    static final int WARMUP = 5_000;
    private static final String STOP = "stop";

    private IpcProbe() {
    }

    /** The small structured object of the second pipe row (JDK serialization; an Integer takes a fast path). */
    record Ping(int seq, String tag) implements Serializable {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, Double> r = new LinkedHashMap<>();
        try (Context ctx = Context.processes()) {
            double[] queue = queueThroughput(ctx, runs);
            double[] warm = Arrays.copyOfRange(queue, 1, queue.length);
            r.put("queue_msgs_per_s", median(warm));
            r.put("queue_cold_msgs_per_s", queue[0]);
            double[] pipeInt = pipeRoundTrips(ctx, runs, 42);
            r.put("pipe_int_round_trip_us", median(pipeInt));
            r.put("pipe_record_round_trip_us", median(pipeRoundTrips(ctx, runs, new Ping(42, "ping"))));
            r.put("queue_msgs_per_s_min", Arrays.stream(warm).min().orElseThrow());
            r.put("queue_msgs_per_s_max", Arrays.stream(warm).max().orElseThrow());
            r.put("pipe_int_round_trip_us_min", Arrays.stream(pipeInt).min().orElseThrow());
            r.put("pipe_int_round_trip_us_max", Arrays.stream(pipeInt).max().orElseThrow());
        }
        udsAnchor(runs, r);
        try {
            agronaAnchor(runs, r);
        } catch (LinkageError | RuntimeException e) {
            System.err.println("Agrona anchor skipped (on JDK 25 it needs --add-exports "
                    + "java.base/jdk.internal.misc=ALL-UNNAMED): " + e);
        }
        printTable(r);
        System.out.println(toJson(r));
    }

    // ---- multiproc --------------------------------------------------------------------------------

    /** Messages per second of each run, the first (cold) one included at index 0. */
    static double[] queueThroughput(Context ctx, int runs) throws Exception {
        int total = runs + 1;
        Queue<Integer> q = ctx.queue();
        Barrier start = ctx.barrier(2);
        SharedLongArray starts = ctx.sharedLongArray(total);
        SharedLongArray ends = ctx.sharedLongArray(total);
        Worker consumer = ctx.start(() -> consume(q, start, ends, total));
        Worker producer = ctx.start(() -> produce(q, start, starts, total));
        joinOk(producer, consumer);
        double[] rates = new double[total];
        for (int i = 0; i < total; i++) {
            rates[i] = QUEUE_MESSAGES / ((ends.get(i) - starts.get(i)) / 1e9);
        }
        return rates;
    }

    private static void produce(Queue<Integer> q, Barrier start, SharedLongArray starts, int runs) {
        try {
            for (int r = 0; r < runs; r++) {
                start.await();
                starts.set(r, System.nanoTime());
                for (int i = 0; i < QUEUE_MESSAGES; i++) {
                    q.put(i);
                }
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void consume(Queue<Integer> q, Barrier start, SharedLongArray ends, int runs) {
        try {
            for (int r = 0; r < runs; r++) {
                start.await();
                for (int i = 0; i < QUEUE_MESSAGES; i++) {
                    int m = q.take();
                    if (m != i) {
                        throw new IllegalStateException("expected " + i + " got " + m);
                    }
                }
                ends.set(r, System.nanoTime());
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mean µs per round trip of each run, with a child that echoes {@code message}. */
    static double[] pipeRoundTrips(Context ctx, int runs, Object message) throws Exception {
        Pipe p = ctx.pipe();
        Connection right = p.right();
        Worker echo = ctx.start(() -> echo(right));
        Connection left = p.left();
        double[] us = new double[runs];
        for (int r = -1; r < runs; r++) { // run -1 is the warm-up, and waits for the child to boot
            int n = r < 0 ? WARMUP : ROUND_TRIPS;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                left.send(message);
                Object back = left.recv();
                if (!message.equals(back)) {
                    throw new IllegalStateException("echo of " + message + " came back as " + back);
                }
            }
            if (r >= 0) {
                us[r] = (System.nanoTime() - t0) / 1e3 / n;
            }
        }
        left.send(STOP);
        joinOk(echo);
        return us;
    }

    private static void echo(Connection c) {
        try {
            for (Object m = c.recv(); !STOP.equals(m); m = c.recv()) {
                c.send(m);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void joinOk(Worker... workers) throws InterruptedException {
        for (Worker w : workers) {
            w.join();
            if (w.exitCode().orElseThrow() != 0) {
                throw new IllegalStateException(w.name() + " failed: "
                        + w.failure().map(Throwable::toString).orElse("exit " + w.exitCode()));
            }
        }
    }

    // ---- anchors ----------------------------------------------------------------------------------

    private static Process startPeer(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), IpcPeer.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    static void udsAnchor(int runs, Map<String, Double> r) throws Exception {
        Path dir = Files.createTempDirectory("ipcprobe-");
        Path socket = dir.resolve("s");
        Process peer = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            peer = startPeer("uds", socket.toString());
            try (SocketChannel ch = server.accept()) {
                ByteBuffer one = ByteBuffer.allocateDirect(4);
                double[] us = new double[runs];
                for (int run = -1; run < runs; run++) {
                    int n = run < 0 ? WARMUP : ROUND_TRIPS;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        IpcPeer.writeInt(ch, one, i);
                        if (IpcPeer.readInt(ch, one) != i) {
                            throw new IllegalStateException("bad echo");
                        }
                    }
                    if (run >= 0) {
                        us[run] = (System.nanoTime() - t0) / 1e3 / n;
                    }
                }
                r.put("uds_round_trip_us", median(us));
                double[] rates = new double[runs];
                for (int run = -1; run < runs; run++) {
                    long t0 = System.nanoTime();
                    IpcPeer.writeInt(ch, one, -IpcPeer.SINK);
                    IpcPeer.writeInt(ch, one, QUEUE_MESSAGES);
                    for (int i = 0; i < QUEUE_MESSAGES; i++) {
                        IpcPeer.writeInt(ch, one, i); // one write per message, as one put per item
                    }
                    if (IpcPeer.readInt(ch, one) != QUEUE_MESSAGES) {
                        throw new IllegalStateException("the peer counted otherwise");
                    }
                    if (run >= 0) {
                        rates[run] = QUEUE_MESSAGES / ((System.nanoTime() - t0) / 1e9);
                    }
                }
                r.put("uds_msgs_per_s", median(rates));
                IpcPeer.writeInt(ch, one, -IpcPeer.STOP);
            }
            peer.waitFor(10, TimeUnit.SECONDS);
        } finally {
            if (peer != null) {
                peer.destroyForcibly();
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    static void agronaAnchor(int runs, Map<String, Double> r) throws Exception {
        new UnsafeBuffer(ByteBuffer.allocateDirect(8)).putInt(0, 1); // fails here, before any child, without the flags
        Path file = Path.of("/dev/shm", "ipcprobe-agrona-" + ProcessHandle.current().pid());
        int ringBytes = IpcPeer.RING_CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            fc.truncate(2L * ringBytes);
        }
        Process peer = null;
        try {
            OneToOneRingBuffer[] rings = IpcPeer.mapRings(file);
            OneToOneRingBuffer out = rings[0], in = rings[1];
            peer = startPeer("agrona", file.toString());
            UnsafeBuffer msg = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
            int[] got = {0, 0}; // messages read, last value
            double[] us = new double[runs];
            for (int run = -1; run < runs; run++) {
                int n = run < 0 ? WARMUP : ROUND_TRIPS;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    msg.putInt(0, i);
                    write(out, IpcPeer.ECHO, msg);
                    awaitOne(in, got);
                    if (got[1] != i) {
                        throw new IllegalStateException("bad echo");
                    }
                }
                if (run >= 0) {
                    us[run] = (System.nanoTime() - t0) / 1e3 / n;
                }
            }
            r.put("agrona_round_trip_us", median(us));
            double[] rates = new double[runs];
            for (int run = -1; run < runs; run++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < QUEUE_MESSAGES; i++) {
                    msg.putInt(0, i);
                    write(out, IpcPeer.SINK, msg);
                }
                write(out, IpcPeer.SINK_END, msg);
                awaitOne(in, got);
                if (got[1] != QUEUE_MESSAGES) {
                    throw new IllegalStateException("the peer counted " + got[1]);
                }
                if (run >= 0) {
                    rates[run] = QUEUE_MESSAGES / ((System.nanoTime() - t0) / 1e9);
                }
            }
            r.put("agrona_msgs_per_s", median(rates));
            write(out, IpcPeer.STOP, msg);
            peer.waitFor(10, TimeUnit.SECONDS);
        } finally {
            if (peer != null) {
                peer.destroyForcibly();
            }
            Files.deleteIfExists(file);
        }
    }

    private static void write(OneToOneRingBuffer ring, int type, UnsafeBuffer msg) {
        while (!ring.write(type, msg, 0, 4)) {
            Thread.onSpinWait();
        }
    }

    private static void awaitOne(OneToOneRingBuffer ring, int[] got) {
        while (ring.read((type, buffer, index, length) -> got[1] = buffer.getInt(index), 1) == 0) {
            Thread.onSpinWait();
        }
    }

    // ---- output -----------------------------------------------------------------------------------

    private static void printTable(Map<String, Double> r) {
        System.out.println();
        System.out.println("| between two JVMs | median |");
        System.out.println("|---|---|");
        r.forEach((k, v) -> System.out.printf("| %s | %s |%n", k, v >= 1000 ? String.format("%,.0f", v)
                : String.format("%.2f", v)));
    }

    private static String toJson(Map<String, Double> values) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(String.format(java.util.Locale.ROOT, "%.4f", v)));
        return sb.append('}').toString();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
