package dev.multiproc.cli;

import java.util.Locale;

/** Formats figures for people: durations, sizes and ratios, in ASCII so any terminal shows them. */
final class Units {
    static final double NANOS_PER_MS = 1e6;
    static final double BYTES_PER_KIB = 1024;

    private Units() {
    }

    /** A duration in nanoseconds, with a unit that keeps 2-3 significant digits: {@code 85.3 us}, {@code 142 ms}. */
    static String nanos(double nanos) {
        if (nanos < 1e3) {
            return format("%.0f ns", nanos);
        }
        if (nanos < 1e6) {
            return format(nanos < 1e4 ? "%.2f us" : "%.1f us", nanos / 1e3);
        }
        if (nanos < 1e9) {
            return format(nanos < 1e7 ? "%.2f ms" : nanos < 1e8 ? "%.1f ms" : "%.0f ms", nanos / 1e6);
        }
        return format("%.2f s", nanos / 1e9);
    }

    /** A size in bytes: {@code 12.4 KiB}, {@code 53.1 MiB}. */
    static String bytes(double bytes) {
        if (Math.abs(bytes) < 1024 * 1024) {
            return format("%.1f KiB", bytes / 1024);
        }
        return format("%.1f MiB", bytes / (1024 * 1024));
    }

    /** A factor: {@code x1.93} below 10, {@code x1500} above. */
    static String times(double ratio) {
        return ratio < 10 ? format("x%.2f", ratio) : format("x%,.0f", ratio);
    }

    /** How a time compares with a reference time: {@code x8.10 faster} or {@code x1.20 slower}. */
    static String faster(double reference, double time) {
        return time <= reference ? times(reference / time) + " faster" : times(time / reference) + " slower";
    }

    /** A rate per second with 3 significant digits: {@code 403/s}, {@code 48.4k/s}, {@code 1.42M/s}. */
    static String rate(double perSecond) {
        double v = perSecond;
        String unit = "/s";
        if (perSecond >= 999.5e3) { // what would round up to 1000k/s is 1.00M/s
            v = perSecond / 1e6;
            unit = "M/s";
        } else if (perSecond >= 999.5) {
            v = perSecond / 1e3;
            unit = "k/s";
        }
        return format(v < 9.995 ? "%.2f%s" : v < 99.95 ? "%.1f%s" : "%.0f%s", v, unit);
    }

    /** A count with thousands separators: {@code 100,000}. */
    static String count(double n) {
        return format("%,.0f", n);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
