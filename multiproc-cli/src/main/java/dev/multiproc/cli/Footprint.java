package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Worker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "memory per idle worker". A process worker is a whole JVM: the resident set ({@code VmRSS}) of a child
 * idling in its task. A thread worker lives in this JVM: the marginal cost of one more idle worker, that is how
 * much this JVM grows when K more workers join K that already idle, in resident memory (native stacks, thread
 * structures) and in heap after a full GC (a virtual thread's stack is a heap object, and the heap is already
 * resident), divided by K. The first K pay the one-time costs and take the thread stacks that the C library
 * keeps cached (already resident) from earlier threads, so those are not counted as growth.
 */
final class Footprint implements Measurement {
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TASK_LIFETIME = Duration.ofMinutes(2);

    @Override
    public String title() {
        return "memory per worker";
    }

    @Override
    public Row measure(Session session) throws IOException, InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            cells.add(engine.isProcess() ? processCell(session, engine) : threadCell(session, engine));
        }
        CompareOptions o = session.options();
        String method = Units.format("idle workers; threads: growth of this JVM's RSS plus its heap after GC when K "
                + "more join K (K = %d platform, %d virtual), divided by K; an upper bound, as new heap pages count "
                + "in both, a lower bound where glibc reuses the cached stacks of threads that ended earlier; "
                + "processes: VmRSS of a child JVM (default heap settings)", o.memoryThreads(),
                o.memoryVirtualThreads());
        return new Row("memory_per_worker", title(), cells, meaning(cells), method);
    }

    private static Cell threadCell(Session session, Engine engine) throws IOException, InterruptedException {
        int k = engine == Engine.VIRTUAL_THREADS
                ? session.options().memoryVirtualThreads() : session.options().memoryThreads();
        Growth g = growth(session, engine, k);
        double rss = Math.max(0, g.residentBytes()) / k;
        double heap = Math.max(0, g.heapBytes()) / k;
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("per_worker_kib", (rss + heap) / Units.BYTES_PER_KIB);
        f.put("rss_per_worker_kib", rss / Units.BYTES_PER_KIB);
        f.put("heap_per_worker_kib", heap / Units.BYTES_PER_KIB);
        f.put("workers", (double) k);
        List<String> lines = List.of(Units.bytes(rss + heap), "RSS +" + Units.bytes(rss), "heap +" + Units.bytes(heap));
        return new Cell(engine, lines, f);
    }

    /** How much this JVM grows when {@code k} more workers of a thread engine idle next to {@code k} idle ones. */
    private static Growth growth(Session session, Engine engine, int k) throws IOException, InterruptedException {
        try (Context ctx = session.open(engine); Rendezvous r = session.rendezvous(engine)) {
            List<Worker> workers = new ArrayList<>(startIdle(ctx, r, k));
            awaitIdle(r, k);
            long heap0 = heapAfterGc();
            long rss0 = ProcFs.residentBytesOfThisProcess();
            workers.addAll(startIdle(ctx, r, k));
            awaitIdle(r, 2 * k);
            // RSS before the collection: a collection may uncommit heap and hide the threads' growth
            long rss1 = ProcFs.residentBytesOfThisProcess();
            long heap1 = heapAfterGc();
            r.open();
            for (Worker w : workers) {
                Session.joinOk(w, ARRIVAL_TIMEOUT);
            }
            return new Growth(rss1 - rss0, heap1 - heap0);
        }
    }

    private static void awaitIdle(Rendezvous r, int count) throws InterruptedException {
        if (!r.awaitArrivals(count, ARRIVAL_TIMEOUT)) {
            throw new IllegalStateException("idle workers did not all start: arrived=" + r.arrivals()
                    + ", expected=" + count);
        }
    }

    private static Cell processCell(Session session, Engine engine) throws IOException, InterruptedException {
        long rss;
        try (Context ctx = session.open(engine); Rendezvous r = session.rendezvous(engine)) {
            Worker w = startIdle(ctx, r, 1).getFirst();
            if (!r.awaitArrivals(1, ARRIVAL_TIMEOUT)) {
                throw new IllegalStateException("idle child did not start: " + w);
            }
            // the warm engine's replacement spare boots now: measure when every child is idle
            ChildProcesses.awaitIdle(1 + engine.spares(), Duration.ofSeconds(20));
            rss = ProcFs.residentBytes(w.pid());
            r.open();
            Session.joinOk(w, ARRIVAL_TIMEOUT);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("per_worker_kib", rss / Units.BYTES_PER_KIB);
        f.put("rss_per_worker_kib", rss / Units.BYTES_PER_KIB);
        return new Cell(engine, List.of(Units.bytes(rss), "(VmRSS of the child)"), f);
    }

    private static List<Worker> startIdle(Context ctx, Rendezvous r, int k) {
        Gate gate = r.gate();
        long deadline = System.currentTimeMillis() + TASK_LIFETIME.toMillis();
        List<Worker> workers = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            workers.add(ctx.worker(() -> Tasks.idle(gate, deadline)).daemon(true).start());
        }
        return workers;
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc(); // a full collection with the serial and G1 collectors: what is left is live
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String meaning(List<Cell> cells) {
        double process = perWorker(cells, Engine.COLD_PROCESSES);
        double thread = perWorker(cells, Engine.PLATFORM_THREADS);
        double virtual = perWorker(cells, Engine.VIRTUAL_THREADS);
        return "memory: one idle process (" + Units.bytes(process * Units.BYTES_PER_KIB) + ") weighs as much as "
                + Units.count(process / thread) + " idle platform threads or " + Units.count(process / virtual)
                + " idle virtual threads";
    }

    private static double perWorker(List<Cell> cells, Engine engine) {
        // never below 0.01 KiB: a share too small to see must not make the ratio infinite
        return Math.max(0.01, cells.get(engine.ordinal()).figure("per_worker_kib"));
    }

    private record Growth(long residentBytes, long heapBytes) {
    }
}
