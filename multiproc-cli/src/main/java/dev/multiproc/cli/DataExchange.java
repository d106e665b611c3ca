package dev.multiproc.cli;

import dev.multiproc.Connection;
import dev.multiproc.Context;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row "data exchange": a worker puts small integers in a {@code Queue} as fast as it can while the parent takes
 * them (messages per second), and a worker echoes integers over a {@code Pipe} (round trip). On the thread
 * engines both are in-heap hand-offs; on the process engines they cross a JVM boundary through shared memory.
 * Sizes scale with the run: {@code 10 x} thread starts messages, thread starts round trips.
 */
final class DataExchange implements Measurement {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String title() {
        return "data exchange";
    }

    @Override
    public Row measure(Session session) throws InterruptedException {
        int messages = 10 * session.options().threadStarts();
        int trips = session.options().threadStarts();
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            try (Context ctx = session.open(engine)) {
                double rate = queueRate(ctx, messages);
                Stats rt = roundTrips(ctx, trips);
                cells.add(cell(engine, rate, rt));
            }
        }
        String method = Units.format("queue (capacity 1024): %d Integer messages from one worker to the parent, "
                + "timed after as many warm-up messages; pipe: median (p10-p90) of %d Integer round trips to an echoing worker "
                + "after %d warm-up trips", messages, trips, CompareOptions.warmups(trips));
        return new Row("data_exchange", title(), cells, meaning(cells), method);
    }

    private static double queueRate(Context ctx, int messages) throws InterruptedException {
        Queue<Integer> q = ctx.queue(1024);
        Worker producer = ctx.start(() -> Tasks.produce(q, 2 * messages));
        long t0 = 0;
        for (int i = 0; i < 2 * messages; i++) {
            if (i == messages) {
                t0 = System.nanoTime(); // the first half warmed up both ends (JIT), the second half is timed
            }
            if (q.take() != i) {
                throw new IllegalStateException("queue out of order at " + i);
            }
        }
        long elapsed = System.nanoTime() - t0;
        Session.joinOk(producer, JOIN_TIMEOUT);
        return messages / (elapsed / 1e9);
    }

    private static Stats roundTrips(Context ctx, int trips) throws InterruptedException {
        int warmups = CompareOptions.warmups(trips);
        Pipe pipe = ctx.pipe();
        Connection far = pipe.right();
        Worker echo = ctx.start(() -> Tasks.echo(far, warmups + trips));
        Connection near = pipe.left();
        long[] nanos = new long[trips];
        for (int i = 0; i < warmups + trips; i++) {
            long t0 = System.nanoTime();
            near.send(i);
            int back = near.recv();
            long elapsed = System.nanoTime() - t0;
            if (back != i) {
                throw new IllegalStateException("pipe echoed " + back + " for " + i);
            }
            if (i >= warmups) {
                nanos[i - warmups] = elapsed;
            }
        }
        Session.joinOk(echo, JOIN_TIMEOUT);
        return Stats.of(nanos);
    }

    private static Cell cell(Engine engine, double rate, Stats rt) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("queue_msgs_per_s", rate);
        rt.putInto(f, "pipe_rt_", "us", 1e3);
        return new Cell(engine, List.of(Units.format("%s msg/s", Units.count(rate)),
                "pipe RT " + Units.nanos(rt.median()), rt.spread()), f);
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell process = cells.get(Engine.COLD_PROCESSES.ordinal());
        double queue = process.figure("queue_msgs_per_s") / thread.figure("queue_msgs_per_s");
        double rt = process.figure("pipe_rt_median_us") / thread.figure("pipe_rt_median_us");
        return "data exchange: between processes a queue moves " + Units.times(queue) + " the messages per second "
                + "of an in-heap hand-off between threads, and a pipe round trip takes " + Units.times(rt)
                + " as long; every message is serialized, so send few, large-enough messages between processes";
    }
}
