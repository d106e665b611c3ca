package dev.multiproc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how busy <i>other</i> processes kept the machine during a run: the CPU time the whole system used
 * ({@code /proc/stat}) minus what this JVM and its children used ({@code /proc/self/stat}, children counted once
 * they have been reaped, which {@code join()} and {@code close()} ensure). Timings measured on a busy machine
 * are inflated and speed-ups understated; the report says so rather than hide it.
 */
final class CpuMeter {
    /** Clock ticks per second of both files: USER_HZ, 100 on every Linux ABI in use. */
    private static final double TICKS_PER_SECOND = 100;

    private final long systemTicks;
    private final long ownTicks;
    private final long startNanos;

    private CpuMeter(long systemTicks, long ownTicks, long startNanos) {
        this.systemTicks = systemTicks;
        this.ownTicks = ownTicks;
        this.startNanos = startNanos;
    }

    /**
     * Starts measuring.
     *
     * @return a meter, or {@code null} where {@code /proc} cannot be read (not Linux)
     */
    static CpuMeter start() {
        try {
            return new CpuMeter(systemBusyTicks(), ownTicks(), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            return null; // no /proc: the report then says the background load is unknown
        }
    }

    /**
     * How many cores other processes kept busy, on average, since {@link #start()}.
     *
     * @return cores, at least 0; {@code NaN} if {@code /proc} cannot be read any more
     */
    double otherCores() {
        try {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long others = (systemBusyTicks() - systemTicks) - (ownTicks() - ownTicks);
            return Math.max(0, others / TICKS_PER_SECOND / seconds);
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // unknown, not zero: the report must not claim an idle machine
        }
    }

    /** Busy ticks of all CPUs: the first line of /proc/stat minus idle and iowait. */
    private static long systemBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal (guest, guest_nice are already in user, nice)
        long busy = 0;
        for (int i = 1; i <= 8; i++) {
            busy += (i == 4 || i == 5) ? 0 : Long.parseLong(f[i]);
        }
        return busy;
    }

    /** utime + stime + cutime + cstime of this process (fields 14 to 17 of /proc/self/stat). */
    private static long ownTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = 0;
        for (int field = 14; field <= 17; field++) {
            ticks += Long.parseLong(f[field - 3]);
        }
        return ticks;
    }
}
