package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

import static dev.multiproc.cli.HtmlRenderer.escape;

/**
 * The SVG charts of {@link HtmlRenderer}, one {@code <figure>} per row that has one:
 * <ul>
 *   <li>{@code start_time}: a bar per engine of {@code median_ms} on a {@link LogAxis}, with a whisker from
 *       {@code p10_ms} to {@code p90_ms} where the cell has them;</li>
 *   <li>{@code memory_per_worker}: a bar per engine of {@code per_worker_kib}, log scale;</li>
 *   <li>{@code cpu_speedup}: end-to-end speed-up ({@code w<N>_speedup}) against the worker count N, a polyline per
 *       engine, with the ideal speed-up (N workers, N times faster) dashed;</li>
 *   <li>a row of an id this class does not know: bars of the first figure that every cell has and whose unit a
 *       {@link LogAxis.Ladder} knows ({@code _ms} or {@code _kib});</li>
 *   <li>{@code interruptibility} and {@code how_many}: none, their figures are states and capped counts that the
 *       table says better.</li>
 * </ul>
 * A chart whose figures are missing is left out rather than drawn wrong. A figure that is not positive (a log axis
 * cannot place it) gets its value label but no bar. Each chart is an {@code <svg id="chart-<row id>">}; bars are
 * {@code <rect class="bar">}, series {@code <polyline class="series">}, each with {@code data-engine}.
 */
final class HtmlCharts {
    /** Colour of the ideal speed-up line: a hue no engine uses, so it cannot be mistaken for one. */
    static final String IDEAL_COLOUR = "#9467bd";

    private static final Pattern SPEEDUP_KEY = Pattern.compile("w(\\d+)_speedup");
    private static final int WIDTH = 540; // two charts side by side on a 1200-pixel-wide window
    private static final int LABEL_RIGHT = 130;
    private static final int PLOT_LEFT = 138;
    private static final int PLOT_RIGHT = 440;
    private static final int TOP = 12;
    private static final int BAR_HEIGHT = 24;
    private static final int BAR_STEP = 36;
    /** Wide enough for "100 KiB" in the chart font. */
    private static final double MIN_TICK_LABEL_GAP = 48;

    private HtmlCharts() {
    }

    /** The engine's colour in every chart; saturated and distinct, so that each stays recognisable. */
    static String colour(Engine engine) {
        return switch (engine) {
            case PLATFORM_THREADS -> "#1f77b4";
            case VIRTUAL_THREADS -> "#2ca02c";
            case COLD_PROCESSES -> "#d62728";
            case WARM_PROCESSES -> "#ff7f0e";
        };
    }

    /** The row's chart as a {@code <figure>}, or empty if the row has none or lacks its figures. */
    static Optional<String> chart(Row row) {
        return switch (row.id()) {
            case "start_time" -> bars(row, "median_ms", LogAxis.Ladder.TIME_MS,
                    "Start + join: median per engine (log scale; whisker: p10 to p90)");
            case "memory_per_worker" -> bars(row, "per_worker_kib", LogAxis.Ladder.SIZE_KIB,
                    "Memory per idle worker (log scale)");
            case "cpu_speedup" -> SpeedupChart.of(row);
            case "interruptibility", "exit_in_task", "how_many" -> Optional.empty();
            default -> generic(row);
        };
    }

    /** Bars of the first figure with a known unit that every cell has, if there is one. */
    private static Optional<String> generic(Row row) {
        for (String key : row.cells().getFirst().figures().keySet()) {
            Optional<LogAxis.Ladder> ladder = key.endsWith("_ms") ? Optional.of(LogAxis.Ladder.TIME_MS)
                    : key.endsWith("_kib") ? Optional.of(LogAxis.Ladder.SIZE_KIB) : Optional.empty();
            if (ladder.isPresent() && row.cells().stream().allMatch(c -> c.figures().containsKey(key))) {
                return bars(row, key, ladder.get(), row.title() + ": " + key + " (log scale)");
            }
        }
        return Optional.empty();
    }

    /** One bar of a bar chart: the figure, and the spread around it ({@code NaN} when unknown). */
    private record Bar(Engine engine, double value, double low, double high) {

        DoubleStream drawn() {
            return DoubleStream.of(value, low, high).filter(v -> v > 0 && Double.isFinite(v));
        }
    }

    private static Optional<String> bars(Row row, String key, LogAxis.Ladder ladder, String caption) {
        if (!row.cells().stream().allMatch(c -> c.figures().containsKey(key))) {
            return Optional.empty();
        }
        boolean spread = key.equals("median_ms"); // p10/p90 go with a median; no other figure's spread is known
        List<Bar> bars = new ArrayList<>();
        for (Cell c : row.cells()) {
            bars.add(new Bar(c.engine(), c.figure(key), spread ? c.figures().getOrDefault("p10_ms", Double.NaN)
                    : Double.NaN, spread ? c.figures().getOrDefault("p90_ms", Double.NaN) : Double.NaN));
        }
        double[] drawn = bars.stream().flatMapToDouble(Bar::drawn).toArray();
        if (drawn.length == 0) {
            return Optional.empty();
        }
        LogAxis axis = new LogAxis(ladder, DoubleStream.of(drawn).min().orElseThrow(),
                DoubleStream.of(drawn).max().orElseThrow(), PLOT_LEFT, PLOT_RIGHT);
        return Optional.of(figure(caption, barSvg(row.id(), axis, ladder, bars)));
    }

    private static String barSvg(String id, LogAxis axis, LogAxis.Ladder ladder, List<Bar> bars) {
        int bottom = TOP + bars.size() * BAR_STEP;
        StringBuilder svg = open(id, bottom + 30);
        List<LogAxis.Tick> ticks = axis.ticks();
        double spacing = (PLOT_RIGHT - PLOT_LEFT) / Math.max(1.0, ticks.size() - 1.0);
        int labelEvery = (int) Math.ceil(MIN_TICK_LABEL_GAP / spacing); // a wide range would overlap its labels
        for (int i = 0; i < ticks.size(); i++) {
            double x = axis.position(ticks.get(i).value());
            svg.append(Units.format("<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, TOP - 4,
                    x, bottom));
            if (i % labelEvery == 0) {
                text(svg, "tick", x, bottom + 16, "middle", ticks.get(i).label());
            }
        }
        svg.append(Units.format("<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", PLOT_LEFT, bottom,
                PLOT_RIGHT, bottom));
        for (int i = 0; i < bars.size(); i++) {
            bar(svg, axis, ladder, bars.get(i), TOP + i * BAR_STEP);
        }
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, LogAxis axis, LogAxis.Ladder ladder, Bar bar, int y) {
        double middle = y + BAR_HEIGHT / 2.0;
        text(svg, LABEL_RIGHT, middle + 4, "end", bar.engine().label());
        double end = axis.start();
        if (bar.value() > 0 && Double.isFinite(bar.value())) {
            end = axis.position(bar.value());
            svg.append(Units.format("<rect class=\"bar\" data-engine=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"%d\" fill=\"%s\"/>", bar.engine().id(), PLOT_LEFT, y, end - PLOT_LEFT, BAR_HEIGHT,
                    colour(bar.engine())));
        }
        if (bar.low() > 0 && bar.high() >= bar.low() && Double.isFinite(bar.high())) {
            double x1 = axis.position(bar.low());
            double x2 = axis.position(bar.high());
            svg.append(Units.format("<path class=\"spread\" d=\"M%.1f %.1fH%.1fM%.1f %.1fv10M%.1f %.1fv10\"/>", x1,
                    middle, x2, x1, middle - 5, x2, middle - 5));
            end = Math.max(end, x2);
        }
        text(svg, end + 6, middle + 4, "start", Double.isFinite(bar.value()) ? ladder.format(bar.value()) : "n/a");
    }

    /** The speed-up chart: linear axes, worker counts across from 1, speed-up up from 0. */
    private static final class SpeedupChart {
        private static final int LEFT = 46;
        private static final int RIGHT = 390;
        private static final int BOTTOM = 262;
        private static final int HEIGHT = 310;
        private static final int MIN_LABEL_GAP = 24;
        /** Room between the y axis and 1 worker, so that the first points do not sit on the axis. */
        private static final int PAD = 20;

        private final List<Integer> counts;
        private final double xMax;
        private final double yMax;
        private final int yStep;

        private SpeedupChart(List<Integer> counts, double highestSpeedup) {
            this.counts = counts;
            this.xMax = Math.max(2, counts.getLast());
            double top = Math.max(xMax, Math.ceil(highestSpeedup));
            this.yStep = (int) Math.max(1, Math.ceil(top / 6)); // at most about six gridlines
            this.yMax = Math.ceil(top / yStep) * yStep;
        }

        static Optional<String> of(Row row) {
            List<Integer> counts = workerCounts(row);
            if (counts.isEmpty()) {
                return Optional.empty();
            }
            double highest = row.cells().stream().flatMapToDouble(c -> counts.stream()
                    .mapToDouble(w -> c.figure("w" + w + "_speedup"))).filter(Double::isFinite).max().orElse(1);
            String svg = new SpeedupChart(counts, highest).svg(row);
            return Optional.of(figure("CPU-bound speed-up against workers, end to end (dashed: ideal)", svg));
        }

        /** The worker counts that every cell has a speed-up for, ascending. */
        static List<Integer> workerCounts(Row row) {
            List<Integer> counts = new ArrayList<>();
            for (String key : row.cells().getFirst().figures().keySet()) {
                Matcher m = SPEEDUP_KEY.matcher(key);
                if (m.matches() && row.cells().stream().allMatch(c -> c.figures().containsKey(key))) {
                    counts.add(Integer.parseInt(m.group(1)));
                }
            }
            counts.sort(Comparator.naturalOrder());
            return counts;
        }

        private double x(double workers) {
            return LEFT + PAD + (workers - 1) / (xMax - 1) * (RIGHT - LEFT - PAD);
        }

        private double y(double speedup) {
            return BOTTOM - speedup / yMax * (BOTTOM - TOP);
        }

        String svg(Row row) {
            StringBuilder svg = open(row.id(), HEIGHT);
            axes(svg);
            svg.append(Units.format("<polyline class=\"ideal\" points=\"%.1f,%.1f %.1f,%.1f\" stroke=\"%s\"/>", x(1),
                    y(1), x(counts.getLast()), y(counts.getLast()), IDEAL_COLOUR));
            for (Cell c : row.cells()) {
                series(svg, c);
            }
            legend(svg);
            return svg.append("</svg>").toString();
        }

        private void axes(StringBuilder svg) {
            for (int s = 0; s <= yMax; s += yStep) {
                svg.append(Units.format("<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT,
                        y(s), RIGHT, y(s)));
                text(svg, LEFT - 6, y(s) + 4, "end", "x" + s);
            }
            double lastLabel = Double.NEGATIVE_INFINITY;
            for (int w : counts) {
                svg.append(Units.format("<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x(w),
                        BOTTOM, x(w), BOTTOM + 5));
                if (x(w) - lastLabel >= MIN_LABEL_GAP) { // on many cores 1, 2 and 4 crowd together
                    text(svg, x(w), BOTTOM + 18, "middle", String.valueOf(w));
                    lastLabel = x(w);
                }
            }
            svg.append(Units.format("<path class=\"axis\" d=\"M%d %dV%dH%d\"/>", LEFT, TOP, BOTTOM, RIGHT));
            text(svg, (LEFT + RIGHT) / 2.0, BOTTOM + 38, "middle", "workers");
        }

        private void series(StringBuilder svg, Cell cell) {
            StringBuilder points = new StringBuilder();
            StringBuilder markers = new StringBuilder();
            for (int w : counts) {
                double s = cell.figure("w" + w + "_speedup");
                if (Double.isFinite(s)) { // a point that was not measured is left out, not drawn at zero
                    points.append(points.isEmpty() ? "" : " ").append(Units.format("%.1f,%.1f", x(w), y(s)));
                    markers.append(Units.format("<circle class=\"point\" data-engine=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
                            + "r=\"4\" fill=\"%s\"/>", cell.engine().id(), x(w), y(s), colour(cell.engine())));
                }
            }
            svg.append(Units.format("<polyline class=\"series\" data-engine=\"%s\" points=\"%s\" stroke=\"%s\" "
                    + "stroke-width=\"%.2f\"/>", cell.engine().id(), points, colour(cell.engine()),
                    lineWidth(cell.engine()))).append(markers);
        }

        /**
         * Lines get thinner in engine order, as they are drawn: engines with the same speed-up (threads often
         * match) then show as nested bands instead of the last one hiding the others.
         */
        private static double lineWidth(Engine engine) {
            return 2.5 + 1.25 * (Engine.values().length - 1 - engine.ordinal());
        }

        private static void legend(StringBuilder svg) {
            int y = TOP + 8;
            for (Engine e : Engine.values()) {
                legendEntry(svg, y, colour(e), Units.format(" stroke-width=\"%.2f\"", lineWidth(e)), e.label());
                y += 20;
            }
            legendEntry(svg, y, IDEAL_COLOUR, " stroke-width=\"2.5\" stroke-dasharray=\"6 4\"", "ideal");
        }

        private static void legendEntry(StringBuilder svg, int y, String colour, String stroke, String label) {
            svg.append(Units.format("<line class=\"key\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>",
                    RIGHT + 16, y, RIGHT + 36, y, colour, stroke));
            text(svg, RIGHT + 42, y + 4, "start", label);
        }
    }

    private static StringBuilder open(String rowId, int height) {
        return new StringBuilder(Units.format("<svg id=\"chart-%s\" class=\"chart\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">", escape(rowId), WIDTH, height, WIDTH, height));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        text(svg, "label", x, y, anchor, text);
    }

    private static void text(StringBuilder svg, String cssClass, double x, double y, String anchor, String text) {
        svg.append(Units.format("<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cssClass, x, y,
                anchor)).append(escape(text)).append("</text>");
    }

    private static String figure(String caption, String svg) {
        return "<figure>\n<figcaption>" + escape(caption) + "</figcaption>\n" + svg + "\n</figure>\n";
    }
}
