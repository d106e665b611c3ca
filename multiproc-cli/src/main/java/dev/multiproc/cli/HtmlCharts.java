package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

import static dev.multiproc.cli.HtmlRenderer.escape;

/**
 * The SVG charts of {@link HtmlRenderer}, one {@code <figure>} per chart; a row has none, one or several:
 * <ul>
 *   <li>{@code start_time}: a bar per engine of {@code median_ms} on a {@link LogAxis}, with a whisker from
 *       {@code p10_ms} to {@code p90_ms} where the cell has them;</li>
 *   <li>{@code memory_per_worker}: a bar per engine of {@code per_worker_kib}, log scale;</li>
 *   <li>{@code cpu_speedup}: end-to-end speed-up ({@code w<N>_speedup}) against the worker count N, a polyline per
 *       engine, with the ideal speed-up (N workers, N times faster) dashed;</li>
 *   <li>{@code io_bound}: requests per second ({@code rps_<N>}) against the worker count N, a polyline per engine,
 *       log-log ({@link IoBoundChart});</li>
 *   <li>{@code data_exchange}: two bar charts, log scale: queue messages per second ({@code queue_msgs_per_s}), and
 *       the pipe round trip ({@code pipe_rt_median_us}, whisker from p10 to p90);</li>
 *   <li>a row of an id this class does not know: bars of the first figure that every cell has and whose unit a
 *       {@link LogAxis.Ladder} knows ({@code _ms}, {@code _us}, {@code _kib}, {@code _per_s});</li>
 *   <li>{@code interruptibility}, {@code exit_in_task} and {@code how_many}: none, their figures are states and
 *       capped counts that the table says better.</li>
 * </ul>
 * A chart whose figures are missing is left out rather than drawn wrong. A figure that is not positive (a log axis
 * cannot place it) gets its value label but no bar or point. Each chart is an {@code <svg id="chart-<name>">}, the
 * name being the row id, followed by {@code _<part>} where a row has several charts; bars are
 * {@code <rect class="bar">}, series {@code <polyline class="series">}, each with {@code data-engine}.
 */
final class HtmlCharts {
    /** Colour of the ideal speed-up line: a hue no engine uses, so it cannot be mistaken for one. */
    static final String IDEAL_COLOUR = "#9467bd";

    /** A median with a unit, {@code <prefix>median_<unit>}: its spread is {@code <prefix>p10_<unit>} to p90. */
    private static final Pattern MEDIAN_KEY = Pattern.compile("(.*)median_([a-z]+)");
    static final int WIDTH = 540; // two charts side by side on a 1200-pixel-wide window
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

    /** The row's charts, each a {@code <figure>}; none if the row has none or lacks their figures. */
    static List<String> charts(Row row) {
        return switch (row.id()) {
            case "start_time" -> bars(row, row.id(), "median_ms", "Start + join: median per engine (log scale; "
                    + "whisker: p10 to p90)").stream().toList();
            case "memory_per_worker" -> bars(row, row.id(), "per_worker_kib", "Memory per idle worker (log scale)")
                    .stream().toList();
            case "cpu_speedup" -> SpeedupChart.of(row).stream().toList();
            case "io_bound" -> IoBoundChart.of(row).stream().toList();
            case "data_exchange" -> Stream.of(
                    bars(row, row.id() + "_queue", "queue_msgs_per_s", "Queue: messages per second from one "
                            + "worker (log scale)"),
                    bars(row, row.id() + "_pipe", "pipe_rt_median_us", "Pipe round trip: median per engine (log "
                            + "scale; whisker: p10 to p90)")).flatMap(Optional::stream).toList();
            case "interruptibility", "exit_in_task", "how_many" -> List.of();
            default -> generic(row).stream().toList();
        };
    }

    /** Bars of the first figure with a known unit that every cell has, if there is one. */
    private static Optional<String> generic(Row row) {
        for (String key : row.cells().getFirst().figures().keySet()) {
            if (LogAxis.Ladder.forKey(key).isPresent()
                    && row.cells().stream().allMatch(c -> c.figures().containsKey(key))) {
                return bars(row, row.id(), key, row.title() + ": " + key + " (log scale)");
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

    /**
     * A bar per engine of the figure {@code key}, on the log axis of its unit; a median gets the whisker of its
     * p10 and p90 where the cell has them.
     */
    private static Optional<String> bars(Row row, String chartId, String key, String caption) {
        Optional<LogAxis.Ladder> unit = LogAxis.Ladder.forKey(key);
        if (unit.isEmpty() || !row.cells().stream().allMatch(c -> c.figures().containsKey(key))) {
            return Optional.empty();
        }
        LogAxis.Ladder ladder = unit.get();
        Matcher median = MEDIAN_KEY.matcher(key); // no other figure's spread is known
        List<Bar> bars = new ArrayList<>();
        for (Cell c : row.cells()) {
            bars.add(median.matches() ? new Bar(c.engine(), c.figure(key), spread(c, median, "p10_"),
                    spread(c, median, "p90_")) : new Bar(c.engine(), c.figure(key), Double.NaN, Double.NaN));
        }
        double[] drawn = bars.stream().flatMapToDouble(Bar::drawn).toArray();
        if (drawn.length == 0) {
            return Optional.empty();
        }
        LogAxis axis = new LogAxis(ladder, DoubleStream.of(drawn).min().orElseThrow(),
                DoubleStream.of(drawn).max().orElseThrow(), PLOT_LEFT, PLOT_RIGHT);
        return Optional.of(figure(caption, barSvg(chartId, axis, ladder, bars)));
    }

    /** The cell's percentile that goes with a median key, {@code NaN} if it has none. */
    private static double spread(Cell c, Matcher median, String percentile) {
        return c.figures().getOrDefault(median.group(1) + percentile + median.group(2), Double.NaN);
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

    /**
     * Lines get thinner in engine order, as they are drawn: engines with the same figures (threads often match)
     * then show as nested bands instead of the last one hiding the others.
     */
    static double lineWidth(Engine engine) {
        return 2.5 + 1.25 * (Engine.values().length - 1 - engine.ordinal());
    }

    /**
     * One engine's curve: a polyline through the points, ascending in x, and a dot on each.
     *
     * @param points {x, y} pixel pairs; none for an engine with nothing to draw, which still gets its element
     */
    static void series(StringBuilder svg, Engine engine, List<double[]> points) {
        StringBuilder line = new StringBuilder();
        StringBuilder markers = new StringBuilder();
        for (double[] p : points) {
            line.append(line.isEmpty() ? "" : " ").append(Units.format("%.1f,%.1f", p[0], p[1]));
            markers.append(Units.format("<circle class=\"point\" data-engine=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
                    + "r=\"4\" fill=\"%s\"/>", engine.id(), p[0], p[1], colour(engine)));
        }
        svg.append(Units.format("<polyline class=\"series\" data-engine=\"%s\" points=\"%s\" stroke=\"%s\" "
                + "stroke-width=\"%.2f\"/>", engine.id(), line, colour(engine), lineWidth(engine))).append(markers);
    }

    /** A key of every engine's line from {@code (x, y)} downwards; returns the y of the next entry. */
    static int legend(StringBuilder svg, int x, int y) {
        for (Engine e : Engine.values()) {
            legendEntry(svg, x, y, colour(e), Units.format(" stroke-width=\"%.2f\"", lineWidth(e)), e.label());
            y += 20;
        }
        return y;
    }

    static void legendEntry(StringBuilder svg, int x, int y, String colour, String stroke, String label) {
        svg.append(Units.format("<line class=\"key\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>",
                x, y, x + 20, y, colour, stroke));
        text(svg, x + 26, y + 4, "start", label);
    }

    /** Opens the {@code <svg>} of a chart, {@link #WIDTH} wide. */
    static StringBuilder open(String chartId, int height) {
        return new StringBuilder(Units.format("<svg id=\"chart-%s\" class=\"chart\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">", escape(chartId), WIDTH, height, WIDTH, height));
    }

    static void text(StringBuilder svg, double x, double y, String anchor, String text) {
        text(svg, "label", x, y, anchor, text);
    }

    static void text(StringBuilder svg, String cssClass, double x, double y, String anchor, String text) {
        svg.append(Units.format("<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cssClass, x, y,
                anchor)).append(escape(text)).append("</text>");
    }

    /** A chart in a {@code <figure>} with its caption. */
    static String figure(String caption, String svg) {
        return "<figure>\n<figcaption>" + escape(caption) + "</figcaption>\n" + svg + "\n</figure>\n";
    }
}
