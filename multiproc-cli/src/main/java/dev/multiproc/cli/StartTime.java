package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "start time": {@code start()} + {@code join()} of a worker whose task does nothing, repeated after a
 * warm-up of at least {@link CompareOptions#warmups(int)} starts and {@link #WARM_UP}, so that the JIT has compiled
 * the start path (a thread start drops by half to two thirds over the first few thousand). For the warm engine
 * each start waits until the spares are booted again, since a spare serves one worker and its replacement boots
 * in the background.
 */
final class StartTime implements Measurement {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WARM_UP = Duration.ofMillis(500);

    @Override
    public String title() {
        return "start + join";
    }

    @Override
    public Row measure(Session session) throws InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            cells.add(cell(engine, sample(session, engine)));
        }
        CompareOptions o = session.options();
        String method = Units.format("median (p10-p90) of %d thread / %d process starts of an empty daemon task, "
                + "after a warm-up of at least " + Units.nanos(WARM_UP.toNanos()) + "; warm: each start after its spares are booted again", o.threadStarts(),
                o.processStarts());
        return new Row("start_time", title(), cells, meaning(cells), method);
    }

    private static Stats sample(Session session, Engine engine) throws InterruptedException {
        CompareOptions o = session.options();
        int reps = engine.isProcess() ? o.processStarts() : o.threadStarts();
        long[] nanos = new long[reps];
        try (Context ctx = session.open(engine)) {
            long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
            for (int i = 0; i < CompareOptions.warmups(reps) || System.nanoTime() - warmUpEnd < 0; i++) {
                session.awaitSpares(engine);
                timeOne(ctx);
            }
            for (int i = 0; i < reps; i++) {
                session.awaitSpares(engine);
                nanos[i] = timeOne(ctx);
            }
        }
        return Stats.of(nanos);
    }

    private static long timeOne(Context ctx) throws InterruptedException {
        long t0 = System.nanoTime();
        // a daemon worker: a non-daemon one also starts the library's keep-alive thread whenever the count of
        // live non-daemon workers goes from 0 to 1, which back-to-back start + join would charge every time
        Worker w = ctx.worker(Tasks::nothing).daemon(true).start();
        w.join();
        long elapsed = System.nanoTime() - t0;
        Session.joinOk(w, JOIN_TIMEOUT); // already ended: only checks the exit code, outside the timing
        return elapsed;
    }

    private static Cell cell(Engine engine, Stats s) {
        Map<String, Double> f = new LinkedHashMap<>();
        s.putInto(f, "", "ms", Units.NANOS_PER_MS);
        f.put("min_ms", s.min() / Units.NANOS_PER_MS);
        f.put("max_ms", s.max() / Units.NANOS_PER_MS);
        f.put("samples", (double) s.count());
        return new Cell(engine, List.of(Units.nanos(s.median()), s.spread()), f);
    }

    private static String meaning(List<Cell> cells) {
        double thread = median(cells, Engine.PLATFORM_THREADS);
        double virtual = median(cells, Engine.VIRTUAL_THREADS);
        double cold = median(cells, Engine.COLD_PROCESSES);
        double warm = median(cells, Engine.WARM_PROCESSES);
        return "start: a cold process costs " + Units.times(cold / thread) + " a platform thread, a warm one "
                + Units.times(warm / thread) + " (" + Units.times(cold / warm) + " faster than cold); a virtual thread "
                + "starts " + Units.faster(thread, virtual) + " than a platform thread";
    }

    private static double median(List<Cell> cells, Engine engine) {
        return cells.get(engine.ordinal()).figure("median_ms");
    }
}
