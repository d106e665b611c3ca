package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A logarithmic axis for positive figures of one unit, mapped onto a pixel range. Log, because the figures
 * {@code compare} puts side by side differ by orders of magnitude (a virtual thread starts in microseconds, a
 * JVM in a hundred milliseconds); on a linear axis the small ones would be invisible.
 *
 * <p>Ticks sit at 1, 10 and 100 of each unit of a {@link Ladder} (ns, us, ms, s; B, KiB, MiB, GiB), so every
 * label is a round number in the unit a person would use. The axis starts at the largest tick at most half the
 * smallest figure, so that the smallest bar is still visible, and ends at the smallest tick at least the largest
 * figure (or at the figures' own bounds where the ladder runs out).
 */
final class LogAxis {

    /** The units of a kind of figure, expressed in the unit the figures are stored in. */
    enum Ladder {
        /** Figures in milliseconds ({@code _ms}). */
        TIME_MS(new double[] {1e-6, 1e-3, 1, 1e3}, new String[] {"ns", "us", "ms", "s"}),
        /** Figures in KiB ({@code _kib}). */
        SIZE_KIB(new double[] {1.0 / 1024, 1, 1024, 1024 * 1024}, new String[] {"B", "KiB", "MiB", "GiB"});

        private final double[] units;
        private final String[] names;

        Ladder(double[] units, String[] names) {
            this.units = units;
            this.names = names;
        }

        /** Every tick this ladder offers, ascending. */
        List<Tick> ticks() {
            List<Tick> ticks = new ArrayList<>();
            for (int u = 0; u < units.length; u++) {
                for (int m = 1; m <= 100; m *= 10) {
                    ticks.add(new Tick(m * units[u], m + " " + names[u]));
                }
            }
            return ticks;
        }

        /** A figure for people, as the table shows it: {@code 85.3 us}, {@code 41.2 MiB}. */
        String format(double figure) {
            return this == TIME_MS ? Units.nanos(figure * Units.NANOS_PER_MS)
                    : Units.bytes(figure * Units.BYTES_PER_KIB);
        }
    }

    /** A labelled position on the axis, in figure units. */
    record Tick(double value, String label) {
    }

    private final List<Tick> ticks;
    private final double low;
    private final double high;
    private final double from;
    private final double to;

    /**
     * An axis covering {@code [min, max]}, drawn from pixel {@code from} to pixel {@code to}.
     *
     * @throws IllegalArgumentException if {@code min} is not positive or {@code max < min}
     */
    LogAxis(Ladder ladder, double min, double max, double from, double to) {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("a log axis needs 0 < min <= max: min=" + min + ", max=" + max);
        }
        List<Tick> all = ladder.ticks();
        this.low = all.reversed().stream().mapToDouble(Tick::value).filter(v -> v <= min / 2).findFirst()
                .orElse(min / 2);
        double top = all.stream().mapToDouble(Tick::value).filter(v -> v >= max).findFirst().orElse(max);
        this.high = Math.max(top, low * 10); // never a zero-width range, whatever the figures
        this.ticks = all.stream().filter(t -> t.value() >= low && t.value() <= high).toList();
        this.from = from;
        this.to = to;
    }

    /** The pixel position of a positive figure. */
    double position(double figure) {
        double share = Math.log(figure / low) / Math.log(high / low);
        return from + share * (to - from);
    }

    /** Where the axis starts: the position a bar grows from. */
    double start() {
        return from;
    }

    /** The ticks within the axis, ascending. */
    List<Tick> ticks() {
        return ticks;
    }
}
