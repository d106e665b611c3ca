package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.multiproc.cli.HtmlCharts.figure;
import static dev.multiproc.cli.HtmlCharts.open;
import static dev.multiproc.cli.HtmlCharts.text;

/**
 * The I/O-bound chart of {@link HtmlCharts}: requests per second ({@code rps_<N>}) against the worker count N, a
 * polyline per engine through the counts that engine measured (they differ: a process costs a JVM, so processes
 * stop at fewer workers). Both axes are logarithmic: counts go from 1 to thousands, rates from hundreds to tens of
 * thousands, and on log axes equal ratios look equal, so "16 times the workers" is the same step everywhere.
 */
final class IoBoundChart {
    private static final Pattern RPS_KEY = Pattern.compile("rps_(\\d+)");
    private static final int LEFT = 58; // room for "100k/s"
    private static final int RIGHT = 390;
    private static final int TOP = 12;
    private static final int BOTTOM = 262;
    private static final int HEIGHT = 310;
    private static final int MIN_LABEL_GAP = 30;
    /** Room between the y axis and 1 worker, so that the first points do not sit on the axis. */
    private static final int PAD = 20;

    /** Per engine, in engine order: worker count to requests per second, positive figures only. */
    private final List<TreeMap<Integer, Double>> rates;
    private final TreeSet<Integer> counts = new TreeSet<>();
    private final double xMax;
    private final LogAxis y;

    private IoBoundChart(List<TreeMap<Integer, Double>> rates) {
        this.rates = rates;
        rates.forEach(r -> counts.addAll(r.keySet()));
        this.xMax = Math.max(2, counts.last()); // one worker alone still gets an axis of some length
        double min = rates.stream().flatMap(r -> r.values().stream()).mapToDouble(Double::doubleValue).min()
                .orElseThrow();
        double max = rates.stream().flatMap(r -> r.values().stream()).mapToDouble(Double::doubleValue).max()
                .orElseThrow();
        this.y = new LogAxis(LogAxis.Ladder.RATE_PER_S, min, max, BOTTOM, TOP);
    }

    /** The chart as a {@code <figure>}, or empty if no cell has a positive {@code rps_<N>} figure. */
    static Optional<String> of(Row row) {
        List<TreeMap<Integer, Double>> rates = row.cells().stream().map(IoBoundChart::rates).toList();
        if (rates.stream().allMatch(Map::isEmpty)) {
            return Optional.empty();
        }
        return Optional.of(figure("I/O-bound: requests per second against workers (log-log)",
                new IoBoundChart(rates).svg(row.id())));
    }

    /** A cell's rates by worker count; a figure that is not positive cannot sit on a log axis and is left out. */
    private static TreeMap<Integer, Double> rates(Cell cell) {
        TreeMap<Integer, Double> rates = new TreeMap<>();
        cell.figures().forEach((key, value) -> {
            Matcher m = RPS_KEY.matcher(key);
            if (m.matches() && value > 0 && Double.isFinite(value)) {
                rates.put(Integer.parseInt(m.group(1)), value);
            }
        });
        return rates;
    }

    private double x(int workers) {
        return LEFT + PAD + Math.log(workers) / Math.log(xMax) * (RIGHT - LEFT - PAD);
    }

    private String svg(String chartId) {
        StringBuilder svg = open(chartId, HEIGHT);
        axes(svg);
        for (Engine e : Engine.values()) {
            List<double[]> points = new ArrayList<>();
            rates.get(e.ordinal()).forEach((n, rps) -> points.add(new double[] {x(n), y.position(rps)}));
            HtmlCharts.series(svg, e, points);
        }
        HtmlCharts.legend(svg, RIGHT + 16, TOP + 8);
        return svg.append("</svg>").toString();
    }

    private void axes(StringBuilder svg) {
        for (LogAxis.Tick t : y.ticks()) {
            double at = y.position(t.value());
            svg.append(Units.format("<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, at,
                    RIGHT, at));
            text(svg, LEFT - 6, at + 4, "end", t.label());
        }
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (int n : counts) {
            svg.append(Units.format("<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x(n),
                    BOTTOM, x(n), BOTTOM + 5));
            if (x(n) - lastLabel >= MIN_LABEL_GAP) { // 1 and 4 crowd together when counts reach thousands
                text(svg, x(n), BOTTOM + 18, "middle", String.valueOf(n));
                lastLabel = x(n);
            }
        }
        svg.append(Units.format("<path class=\"axis\" d=\"M%d %dV%dH%d\"/>", LEFT, TOP, BOTTOM, RIGHT));
        text(svg, (LEFT + RIGHT) / 2.0, BOTTOM + 38, "middle", "workers");
    }
}
