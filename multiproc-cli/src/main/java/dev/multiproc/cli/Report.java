package dev.multiproc.cli;

import java.time.Duration;
import java.util.List;

/**
 * The result of one {@code compare} run.
 *
 * @param machine where it ran
 * @param mode {@code quick} or {@code full}
 * @param rows the measured rows, in table order
 * @param elapsed how long the whole run took
 * @param backgroundCores how many cores other processes kept busy on average during the run ({@link CpuMeter});
 *        {@code NaN} if unknown
 */
record Report(Machine machine, String mode, List<Row> rows, Duration elapsed, double backgroundCores) {

    /** Above this much background load (in cores) the timings are visibly disturbed. */
    static final double BUSY_CORES = 0.25;

    Report {
        rows = List.copyOf(rows);
    }

    /** Whether other processes used enough CPU during the run to inflate its timings. */
    boolean busy() {
        return backgroundCores > BUSY_CORES; // false for NaN: unknown is reported as unknown, not as busy
    }

    /** The header's line on where the figures were measured: cores, JDK and OS. */
    String machineLine() {
        return "machine: " + machine.cores() + " cores (cpuCount), JDK " + machine.jdk() + ", " + machine.os();
    }

    /** The header's line on how busy other processes kept the machine, or that this is unknown (no /proc). */
    String loadLine() {
        if (Double.isNaN(backgroundCores)) {
            return "background load: unknown (no /proc)";
        }
        return Units.format("background load: other processes kept %.2f of %d cores busy during the run",
                backgroundCores, machine.cores());
    }

    /** What a {@linkplain #busy() busy} machine does to the figures, for a warning under the load line. */
    String busyWarning() {
        return "the machine was busy: times are inflated and speed-ups understated";
    }
}
