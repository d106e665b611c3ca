package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Worker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "how many": starts idle workers until a safe cap (or until the machine refuses) and reports how many
 * were running at once and how long it took until all had started their task. The caps keep the run short and
 * the machine usable; children get a small heap ({@link CompareOptions#processHeap()}).
 */
final class Capacity implements Measurement {
    private static final Duration TASK_LIFETIME = Duration.ofMinutes(3);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String title() {
        return "how many at once";
    }

    @Override
    public Row measure(Session session) throws IOException, InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            cells.add(cell(engine, fill(session, engine)));
        }
        CompareOptions o = session.options();
        String method = Units.format("idle workers started up to a safe cap (%d platform, %d virtual, %d processes "
                + "with -Xmx%s) or until one is refused; time until every one runs its task", o.threadCap(),
                o.virtualThreadCap(), o.processCap(), o.processHeap());
        return new Row("how_many", title(), cells, meaning(cells), method);
    }

    private static int cap(CompareOptions o, Engine engine) {
        return switch (engine) {
            case PLATFORM_THREADS -> o.threadCap();
            case VIRTUAL_THREADS -> o.virtualThreadCap();
            case COLD_PROCESSES, WARM_PROCESSES -> o.processCap();
        };
    }

    private static Fill fill(Session session, Engine engine) throws IOException, InterruptedException {
        CompareOptions o = session.options();
        int cap = cap(o, engine);
        ProcessOptions small = ProcessOptions.defaults().withMaxHeap(o.processHeap());
        try (Context ctx = session.open(engine, small); Rendezvous r = session.rendezvous(engine)) {
            Gate gate = r.gate();
            long deadline = System.currentTimeMillis() + TASK_LIFETIME.toMillis();
            List<Worker> workers = new ArrayList<>(cap);
            String refusal = null;
            long t0 = System.nanoTime();
            try {
                while (workers.size() < cap) {
                    workers.add(ctx.worker(() -> Tasks.idle(gate, deadline)).daemon(true).start());
                }
            } catch (OutOfMemoryError | RuntimeException e) {
                refusal = String.valueOf(e.getMessage()); // the machine's limit, which is what this row looks for
            }
            r.awaitArrivals(workers.size(), arrivalTimeout(engine, workers.size()));
            long nanos = System.nanoTime() - t0;
            int running = r.arrivals();
            r.open();
            for (Worker w : workers) {
                w.join(JOIN_TIMEOUT);
            }
            return new Fill(cap, running, nanos, refusal);
        }
    }

    /** Generous: a JVM boots in well under a second on an idle core, but many boot at once here. */
    private static Duration arrivalTimeout(Engine engine, int workers) {
        return engine.isProcess() ? Duration.ofSeconds(20 + 5L * workers) : Duration.ofSeconds(60);
    }

    private static Cell cell(Engine engine, Fill fill) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("running", (double) fill.running());
        f.put("cap", (double) fill.cap());
        f.put("elapsed_ms", fill.nanos() / Units.NANOS_PER_MS);
        f.put("refused", fill.refusal() == null ? 0.0 : 1.0);
        List<String> lines = new ArrayList<>();
        lines.add(Units.count(fill.running()) + " of " + Units.count(fill.cap()));
        lines.add("running in " + Units.nanos(fill.nanos()));
        if (fill.refusal() != null) {
            lines.add("refused: " + abbreviate(fill.refusal(), 14));
        }
        return new Cell(engine, lines, f);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell virtual = cells.get(Engine.VIRTUAL_THREADS.ordinal());
        Cell cold = cells.get(Engine.COLD_PROCESSES.ordinal());
        return "scale: " + reached(virtual, "virtual threads") + ", " + reached(thread, "platform threads")
                + ", " + reached(cold, "cold processes") + ": threads by the thousands, processes by the tens";
    }

    private static String reached(Cell c, String what) {
        return Units.count(c.figure("running")) + " " + what + " in "
                + Units.nanos(c.figure("elapsed_ms") * Units.NANOS_PER_MS);
    }

    private record Fill(int cap, int running, long nanos, String refusal) {
    }
}
