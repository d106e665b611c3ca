package dev.multiproc.bench;

import dev.multiproc.Connection;
import dev.multiproc.Context;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How soon {@link Context#waitForAny} returns once a child process makes an object ready, beside a plain
 * {@code recv()}/{@code take()} on the same object (the floor) in the same run. The child sleeps 2 ms before
 * each message, so the parent is asleep when it comes; the latency is the parent's {@code nanoTime} on return
 * minus the child's just before it sent (one monotonic clock for every process of a machine). Medians and 99th
 * percentiles of 300 each. The Python side: {@code multiproc-bench/python/wait_latency.py}. Run:
 * {@code java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar dev.multiproc.bench.WaitForAnyProbe}.
 */
public final class WaitForAnyProbe {
    private static final int N = 300;

    private WaitForAnyProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.processes()) {
            Pipe control = ctx.pipe();
            Pipe data = ctx.pipe();
            Queue<Long> queue = ctx.queue();
            Connection ask = control.right();
            Connection reader = data.left();
            Connection writer = data.right();
            Connection orders = control.left();
            Worker child = ctx.start(() -> serve(orders, writer, queue));
            Worker idle = ctx.start(() -> sleep(3_600_000));
            try {
                List<Object> watched = List.of(reader, queue, idle);
                for (int round = 1; round <= 2; round++) {
                    long[] waitPipe = new long[N], recvPipe = new long[N], waitQueue = new long[N], takeQueue = new long[N];
                    for (int i = 0; i < N; i++) {
                        ask.send("pipe");
                        Context.waitForAny(watched, null);
                        waitPipe[i] = System.nanoTime() - (long) reader.recv();
                        ask.send("pipe");
                        recvPipe[i] = -(long) reader.recv() + System.nanoTime();
                        ask.send("queue");
                        Context.waitForAny(watched, null);
                        waitQueue[i] = System.nanoTime() - queue.take();
                        ask.send("queue");
                        takeQueue[i] = -queue.take() + System.nanoTime();
                    }
                    System.out.printf("round %d: pipe waitForAny %s, recv %s; queue waitForAny %s, take %s%n", round,
                            figures(waitPipe), figures(recvPipe), figures(waitQueue), figures(takeQueue));
                }
            } finally {
                ask.send("stop");
                child.join();
                idle.terminate();
                idle.join();
            }
        }
    }

    private static void serve(Connection orders, Connection writer, Queue<Long> queue) {
        try {
            for (String order = orders.recv(); !order.equals("stop"); order = orders.recv()) {
                sleep(2);
                if (order.equals("pipe")) {
                    writer.send(System.nanoTime());
                } else {
                    queue.put(System.nanoTime());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String figures(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %.0f us, p99 %.0f us", sorted[sorted.length / 2] / 1e3,
                sorted[sorted.length * 99 / 100] / 1e3);
    }
}
