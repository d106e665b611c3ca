package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Worker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "I/O-bound": workers make requests to a server on this machine that answers each after
 * {@link #DELAY}, so that nearly all of a task's time is waiting on a socket. Throughput in requests per
 * second, by engine and worker count: threads, virtual threads and processes all wait in parallel (Python's
 * threads too: the GIL is released while waiting); what differs is how many workers each can afford.
 */
final class IoBound implements Measurement {
    static final Duration DELAY = Duration.ofMillis(2);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);
    /** How long the server's count may stand still before the row fails: workers stuck, not slow. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /**
     * Requests of one measurement at most in the command line's presets ({@link CompareOptions#ioRequestCap()}),
     * split among its workers: 4096 virtual threads × 1000 requests took longer than two minutes on two busy
     * cores, for a figure that a tenth of it gives as well.
     */
    static final int MAX_REQUESTS = 256_000;

    @Override
    public String title() {
        return "I/O-bound";
    }

    /** Worker counts per engine: processes are capped by what a JVM each costs. */
    static int[] counts(Engine engine, CompareOptions o) {
        if (engine.isProcess()) {
            return o.mode().equals("full") ? new int[] {1, 4, 16} : new int[] {1, 4};
        }
        if (engine == Engine.VIRTUAL_THREADS) {
            return o.mode().equals("full") ? new int[] {1, 16, 256, 4096} : new int[] {1, 16, 256, 1024};
        }
        return o.mode().equals("full") ? new int[] {1, 16, 256, 1024} : new int[] {1, 16, 256};
    }

    @Override
    public Row measure(Session session) throws IOException, InterruptedException {
        CompareOptions o = session.options();
        List<Cell> cells = new ArrayList<>();
        try (SlowServer server = new SlowServer(DELAY)) {
            for (Engine engine : Engine.values()) {
                Map<String, Double> f = new LinkedHashMap<>();
                List<String> lines = new ArrayList<>();
                try (Context ctx = session.open(engine)) {
                    for (int n : counts(engine, o)) {
                        double rps = throughput(ctx, server, n, requestsEach(n, o.ioRequests(), o.ioRequestCap()));
                        f.put("rps_" + n, rps);
                        lines.add(Units.format("%d: %s/s", n, Units.count(rps)));
                    }
                }
                cells.add(new Cell(engine, lines, f));
            }
        }
        String method = Units.format("each worker makes %d requests (at most %s in all: fewer each for many "
                + "workers; after " + SlowServer.WARM_UP_REQUESTS + " untimed ones), one after another, to a loopback "
                + "server that answers after %s; requests per second from the go signal to the last answer, by worker "
                + "count", o.ioRequests(), Units.count(o.ioRequestCap()), Units.nanos(DELAY.toNanos()));
        return new Row("io_bound", title(), cells, meaning(cells), method);
    }

    /** Each worker's share: {@code requests}, or fewer so that {@code workers} make {@code cap} at most. */
    static int requestsEach(int workers, int requests, int cap) {
        return Math.max(1, Math.min(requests, cap / workers));
    }

    private static double throughput(Context ctx, SlowServer server, int workers, int requests)
            throws InterruptedException {
        Event go = ctx.event();
        int port = server.port();
        long warmedUp = server.served() + (long) workers * SlowServer.WARM_UP_REQUESTS;
        List<Worker> started = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            started.add(ctx.start(() -> Tasks.slowRequests(port, go, requests)));
        }
        server.awaitServed(warmedUp, STALL); // every worker booted and warmed up: only the waiting is timed
        long t0 = System.nanoTime();
        go.set();
        server.awaitServed(warmedUp + (long) workers * requests, STALL); // the last answer is out
        long elapsed = System.nanoTime() - t0;
        for (Worker w : started) {
            Session.joinOk(w, JOIN_TIMEOUT); // outside the timing: a process's join also waits for its JVM to exit
        }
        return (double) workers * requests / (elapsed / 1e9);
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell virtual = cells.get(Engine.VIRTUAL_THREADS.ordinal());
        Cell process = cells.get(Engine.COLD_PROCESSES.ordinal());
        return "I/O-bound: waiting is parallel on every engine; " + best(virtual) + " with virtual threads, "
                + best(thread) + " with platform threads, " + best(process)
                + " with processes: for many waits, threads (virtual ones above all) are enough and cheapest";
    }

    private static String best(Cell c) {
        String key = "";
        double max = 0;
        for (var e : c.figures().entrySet()) {
            if (e.getValue() > max) {
                max = e.getValue();
                key = e.getKey().substring("rps_".length());
            }
        }
        return Units.format("%s requests/s at %s workers", Units.count(max), key);
    }
}
