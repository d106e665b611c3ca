package dev.multiproc.cli;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static dev.multiproc.cli.HtmlCharts.text;

/**
 * The frame that the charts against worker counts share ({@link SpeedupChart}, {@link IoBoundChart}): worker counts
 * across, from 1 (a little off the y axis, so that the first points do not sit on it) to the highest count, on a
 * linear or a logarithmic scale; a tick under every measured count, labelled where there is room; horizontal
 * gridlines where the chart puts them; the legend to the right of the plot.
 */
final class WorkerAxes {
    static final int RIGHT = 390;
    static final int TOP = 12;
    static final int BOTTOM = 262;
    static final int HEIGHT = 310;
    /** Where the legend starts: right of the plot, level with its top. */
    static final int LEGEND_X = RIGHT + 16;
    static final int LEGEND_Y = TOP + 8;
    /** Room between the y axis and 1 worker. */
    private static final int PAD = 20;

    /** A horizontal gridline at a pixel height, labelled left of the y axis. */
    record Gridline(double y, String label) {
    }

    private final int left;
    private final int minLabelGap;
    private final List<Integer> counts;
    /** Where a worker count lies between 1 (0) and the highest count (1). */
    private final DoubleUnaryOperator share;

    private WorkerAxes(int left, int minLabelGap, List<Integer> counts, DoubleUnaryOperator share) {
        this.left = left;
        this.minLabelGap = minLabelGap;
        this.counts = List.copyOf(counts);
        this.share = share;
    }

    /**
     * Counts on a linear scale.
     *
     * @param left the y axis' pixel, leaving room for the gridlines' labels
     * @param minLabelGap the least distance, in pixels, between the centres of two count labels
     * @param counts the measured counts, ascending, at least one
     */
    static WorkerAxes linear(int left, int minLabelGap, List<Integer> counts) {
        double max = highest(counts);
        return new WorkerAxes(left, minLabelGap, counts, w -> (w - 1) / (max - 1));
    }

    /** Counts on a log scale, where equal ratios are equal steps; the parameters are those of {@link #linear}. */
    static WorkerAxes logarithmic(int left, int minLabelGap, List<Integer> counts) {
        double max = highest(counts);
        return new WorkerAxes(left, minLabelGap, counts, w -> Math.log(w) / Math.log(max));
    }

    /** The highest count, at least 2: one worker alone still gets an axis of some length. */
    private static double highest(List<Integer> counts) {
        return Math.max(2, counts.getLast());
    }

    /** The pixel across of a worker count. */
    double x(double workers) {
        return left + PAD + share.applyAsDouble(workers) * (RIGHT - left - PAD);
    }

    /** Draws the gridlines, the counts' ticks and labels, the axes and the x axis' title. */
    void draw(StringBuilder svg, List<Gridline> gridlines) {
        for (Gridline g : gridlines) {
            svg.append(Units.format("<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", left, g.y(),
                    RIGHT, g.y()));
            text(svg, left - 6, g.y() + 4, "end", g.label());
        }
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (int n : counts) {
            svg.append(Units.format("<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x(n),
                    BOTTOM, x(n), BOTTOM + 5));
            if (x(n) - lastLabel >= minLabelGap) { // small counts crowd together when the highest is large
                text(svg, x(n), BOTTOM + 18, "middle", String.valueOf(n));
                lastLabel = x(n);
            }
        }
        svg.append(Units.format("<path class=\"axis\" d=\"M%d %dV%dH%d\"/>", left, TOP, BOTTOM, RIGHT));
        text(svg, (left + RIGHT) / 2.0, BOTTOM + 38, "middle", "workers");
    }
}
