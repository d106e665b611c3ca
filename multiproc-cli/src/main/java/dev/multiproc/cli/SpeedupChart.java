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
import static dev.multiproc.cli.HtmlCharts.text;

/**
 * The speed-up chart of {@link HtmlCharts}: end-to-end speed-up ({@code w<N>_speedup}) against the worker count N,
 * a polyline per engine, with the ideal speed-up (N workers, N times faster) dashed. Linear axes: worker counts
 * across from 1, speed-up up from 0.
 */
final class SpeedupChart {
    private static final Pattern SPEEDUP_KEY = Pattern.compile("w(\\d+)_speedup");
    private static final int LEFT = 46;
    private static final int RIGHT = 390;
    private static final int TOP = 12;
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

    private double x(double workers) {
        return LEFT + PAD + (workers - 1) / (xMax - 1) * (RIGHT - LEFT - PAD);
    }

    private double y(double speedup) {
        return BOTTOM - speedup / yMax * (BOTTOM - TOP);
    }

    private String svg(Row row) {
        StringBuilder svg = open(row.id(), HEIGHT);
        axes(svg);
        svg.append(Units.format("<polyline class=\"ideal\" points=\"%.1f,%.1f %.1f,%.1f\" stroke=\"%s\"/>", x(1),
                y(1), x(counts.getLast()), y(counts.getLast()), IDEAL_COLOUR));
        for (Cell c : row.cells()) {
            List<double[]> points = new ArrayList<>();
            for (int w : counts) {
                double s = c.figure("w" + w + "_speedup");
                if (Double.isFinite(s)) { // a point that was not measured is left out, not drawn at zero
                    points.add(new double[] {x(w), y(s)});
                }
            }
            HtmlCharts.series(svg, c.engine(), points);
        }
        int next = HtmlCharts.legend(svg, RIGHT + 16, TOP + 8);
        HtmlCharts.legendEntry(svg, RIGHT + 16, next, IDEAL_COLOUR, " stroke-width=\"2.5\" stroke-dasharray=\"6 4\"",
                "ideal");
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
}
