package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.multiproc.cli.HtmlCharts.IDEAL_COLOUR;
import static dev.multiproc.cli.HtmlCharts.figure;
import static dev.multiproc.cli.HtmlCharts.open;

/**
 * The speed-up chart of {@link HtmlCharts}: end-to-end speed-up ({@code w<N>_speedup}) against the worker count N,
 * a polyline per engine, with the ideal speed-up (N workers, N times faster) dashed. Linear axes: worker counts
 * across from 1 ({@link WorkerAxes}), speed-up up from 0.
 */
final class SpeedupChart {
    private static final Pattern SPEEDUP_KEY = Pattern.compile("w(\\d+)_speedup");
    private static final int LEFT = 46;
    private static final int MIN_LABEL_GAP = 24;

    private final List<Integer> counts;
    private final WorkerAxes axes;
    private final double yMax;
    private final int yStep;

    private SpeedupChart(List<Integer> counts, double highestSpeedup) {
        this.counts = counts;
        this.axes = WorkerAxes.linear(LEFT, MIN_LABEL_GAP, counts);
        double top = Math.max(Math.max(2, counts.getLast()), Math.ceil(highestSpeedup)); // the ideal line fits
        this.yStep = (int) Math.max(1, Math.ceil(top / 6)); // at most about six gridlines
        this.yMax = Math.ceil(top / yStep) * yStep;
    }

    /** The chart as a {@code <figure>}, or empty if no worker count has a speed-up in every cell. */
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

    private double y(double speedup) {
        return WorkerAxes.BOTTOM - speedup / yMax * (WorkerAxes.BOTTOM - WorkerAxes.TOP);
    }

    private String svg(Row row) {
        StringBuilder svg = open(row.id(), WorkerAxes.HEIGHT);
        axes.draw(svg, gridlines());
        svg.append(Units.format("<polyline class=\"ideal\" points=\"%.1f,%.1f %.1f,%.1f\" stroke=\"%s\"/>",
                axes.x(1), y(1), axes.x(counts.getLast()), y(counts.getLast()), IDEAL_COLOUR));
        for (Cell c : row.cells()) {
            List<double[]> points = new ArrayList<>();
            for (int w : counts) {
                double s = c.figure("w" + w + "_speedup");
                if (Double.isFinite(s)) { // a point that was not measured is left out, not drawn at zero
                    points.add(new double[] {axes.x(w), y(s)});
                }
            }
            HtmlCharts.series(svg, c.engine(), points);
        }
        int next = HtmlCharts.legend(svg, WorkerAxes.LEGEND_X, WorkerAxes.LEGEND_Y);
        HtmlCharts.legendEntry(svg, WorkerAxes.LEGEND_X, next, IDEAL_COLOUR,
                " stroke-width=\"2.5\" stroke-dasharray=\"6 4\"", "ideal");
        return svg.append("</svg>").toString();
    }

    /** A gridline every {@code yStep} times from 0 up to the top. */
    private List<WorkerAxes.Gridline> gridlines() {
        List<WorkerAxes.Gridline> lines = new ArrayList<>();
        for (int s = 0; s <= yMax; s += yStep) {
            lines.add(new WorkerAxes.Gridline(y(s), "x" + s));
        }
        return lines;
    }
}
