package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.multiproc.cli.HtmlCharts.figure;
import static dev.multiproc.cli.HtmlCharts.open;

/**
 * The I/O-bound chart of {@link HtmlCharts}: requests per second ({@code rps_<N>}) against the worker count N, a
 * polyline per engine through the counts that engine measured (they differ: a process costs a JVM, so processes
 * stop at fewer workers). Both axes are logarithmic: counts go from 1 to thousands, rates from hundreds to tens of
 * thousands, and on log axes equal ratios look equal, so "16 times the workers" is the same step everywhere
 * ({@link WorkerAxes} across, a {@link LogAxis} up).
 */
final class IoBoundChart {
    private static final Pattern RPS_KEY = Pattern.compile("rps_(\\d+)");
    private static final int LEFT = 58; // room for "100k/s"
    private static final int MIN_LABEL_GAP = 30; // room for "1024"

    /** Per engine, in engine order: worker count to requests per second, positive figures only. */
    private final List<TreeMap<Integer, Double>> rates;
    private final WorkerAxes axes;
    private final LogAxis y;

    private IoBoundChart(List<TreeMap<Integer, Double>> rates) {
        this.rates = rates;
        TreeSet<Integer> counts = new TreeSet<>();
        rates.forEach(r -> counts.addAll(r.keySet()));
        this.axes = WorkerAxes.logarithmic(LEFT, MIN_LABEL_GAP, List.copyOf(counts));
        DoubleSummaryStatistics all = rates.stream().flatMap(r -> r.values().stream())
                .mapToDouble(Double::doubleValue).summaryStatistics();
        this.y = new LogAxis(LogAxis.Ladder.RATE_PER_S, all.getMin(), all.getMax(), WorkerAxes.BOTTOM,
                WorkerAxes.TOP);
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

    private String svg(String chartId) {
        StringBuilder svg = open(chartId, WorkerAxes.HEIGHT);
        axes.draw(svg, y.ticks().stream().map(t -> new WorkerAxes.Gridline(y.position(t.value()), t.label()))
                .toList());
        for (Engine e : Engine.values()) {
            List<double[]> points = new ArrayList<>();
            rates.get(e.ordinal()).forEach((n, rps) -> points.add(new double[] {axes.x(n), y.position(rps)}));
            HtmlCharts.series(svg, e, points);
        }
        HtmlCharts.legend(svg, WorkerAxes.LEGEND_X, WorkerAxes.LEGEND_Y);
        return svg.append("</svg>").toString();
    }
}
