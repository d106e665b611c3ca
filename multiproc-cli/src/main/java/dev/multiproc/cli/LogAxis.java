package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A logarithmic axis for positive figures of one unit, mapped onto a pixel range. Log, because the figures
 * {@code compare} puts side by side differ by orders of magnitude (a virtual thread starts in microseconds, a
 * JVM in a hundred milliseconds); on a linear axis the small ones would be invisible.
 *
 * <p>Ticks sit at 1, 10 and 100 of each unit of a {@link Ladder} (ns, us, ms, s; B, KiB, MiB, GiB; /s, k/s, M/s),
 * so every label is a round number in the unit a person would use. The axis starts at the largest tick at most half
 * the smallest figure, so that the smallest bar is still visible, and ends at the smallest tick at least the largest
 * figure (or at the figures' own bounds where the ladder runs out). It may run either way on screen: a vertical axis
 * goes from the bottom pixel up.
 */
final class LogAxis {

    /**
     * The units of a kind of figure. A ladder knows the unit its figures are stored in (the suffix of their key)
     * and how many of its base unit (ns, B, 1/s) that is, so one ladder of names serves every stored unit.
     */
    enum Ladder {
        /** Figures in milliseconds ({@code _ms}). */
        TIME_MS("_ms", 1e6, Kind.TIME),
        /** Figures in microseconds ({@code _us}): round trips, hand-offs. */
        TIME_US("_us", 1e3, Kind.TIME),
        /** Figures in KiB ({@code _kib}). */
        SIZE_KIB("_kib", 1024, Kind.SIZE),
        /**
         * Figures in events per second ({@code _per_s}): throughput. {@code rps_<n>} figures are rates too, but
         * {@link #forKey} does not know them by their name; {@link IoBoundChart} picks this ladder itself.
         */
        RATE_PER_S("_per_s", 1, Kind.RATE);

        private final String suffix;
        private final double basePerFigure;
        private final Kind kind;

        Ladder(String suffix, double basePerFigure, Kind kind) {
            this.suffix = suffix;
            this.basePerFigure = basePerFigure;
            this.kind = kind;
        }

        /** The ladder of a figure by its key's unit suffix, if it has one this class knows. */
        static Optional<Ladder> forKey(String key) {
            return Stream.of(values()).filter(l -> key.endsWith(l.suffix)).findFirst();
        }

        /** Every tick this ladder offers, ascending, in figure units. */
        List<Tick> ticks() {
            List<Tick> ticks = new ArrayList<>();
            for (int u = 0; u < kind.units.length; u++) {
                for (int m = 1; m <= 100; m *= 10) {
                    ticks.add(new Tick(m * kind.units[u] / basePerFigure, m + kind.separator + kind.names[u]));
                }
            }
            return ticks;
        }

        /** A figure for people, as the table shows it: {@code 85.3 us}, {@code 41.2 MiB}, {@code 48.4k/s}. */
        String format(double figure) {
            double base = figure * basePerFigure;
            return switch (kind) {
                case TIME -> Units.nanos(base);
                case SIZE -> Units.bytes(base);
                case RATE -> Units.rate(base);
            };
        }
    }

    /** The names of one kind of unit, in steps of its base unit. */
    private enum Kind {
        TIME(new double[] {1, 1e3, 1e6, 1e9}, new String[] {"ns", "us", "ms", "s"}, " "),
        SIZE(new double[] {1, 1024, 1024 * 1024, 1024 * 1024 * 1024}, new String[] {"B", "KiB", "MiB", "GiB"}, " "),
        RATE(new double[] {1, 1e3, 1e6, 1e9}, new String[] {"/s", "k/s", "M/s", "G/s"}, "");

        private final double[] units;
        private final String[] names;
        /** Between the number and the name: {@code 10 ms}, but {@code 10k/s}. */
        private final String separator;

        Kind(double[] units, String[] names, String separator) {
            this.units = units;
            this.names = names;
            this.separator = separator;
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

    /** The pixel position of a positive figure: {@code from} at the axis' low end, {@code to} at its high end. */
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
