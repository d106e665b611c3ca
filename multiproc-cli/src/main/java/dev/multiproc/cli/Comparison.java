package dev.multiproc.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs every measurement in table order and collects the report. */
final class Comparison {
    private final List<Measurement> measurements;

    Comparison(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
    }

    /** The rows of the comparison that workers can measure, in the table's order. */
    static Comparison standard() {
        return new Comparison(List.of(new MemorySharing(), new StartTime(), new Footprint(), new Interruptibility(),
                new ExitInTask(), new Capacity(), new CpuSpeedup(), new IoBound(), new DataExchange()));
    }

    /**
     * Measures every row, live.
     *
     * @throws IOException if scratch files or {@code /proc} cannot be used
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalStateException if a measurement cannot produce an honest figure
     */
    Report run(CompareOptions options, Progress progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        CpuMeter meter = CpuMeter.start();
        Machine machine = Machine.current();
        List<Row> rows = new ArrayList<>();
        try (Session session = new Session(options)) {
            for (Measurement m : measurements) {
                progress.row(rows.size() + 1, measurements.size(), m.title());
                long rowStart = System.nanoTime();
                rows.add(m.measure(session));
                progress.rowDone(Duration.ofNanos(System.nanoTime() - rowStart));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        progress.done(elapsed);
        double background = meter == null ? Double.NaN : meter.otherCores();
        return new Report(machine, options.mode(), rows, elapsed, background);
    }
}
