package dev.multiproc.cli;

import java.util.Arrays;
import java.util.Map;

/**
 * Order statistics of a sample: median, percentiles, min and max. Percentiles interpolate linearly between the
 * two nearest ranks, so the median of an even-sized sample is the mean of the middle two.
 */
final class Stats {
    private final double[] sorted;

    private Stats(double[] sorted) {
        this.sorted = sorted;
    }

    /**
     * Summarizes samples; the array is copied.
     *
     * @throws IllegalArgumentException if there are no samples
     */
    static Stats of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] copy = samples.clone();
        Arrays.sort(copy);
        return new Stats(copy);
    }

    /** Summarizes samples, e.g. nanoseconds. */
    static Stats of(long... samples) {
        return of(Arrays.stream(samples).asDoubleStream().toArray());
    }

    int count() {
        return sorted.length;
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    double median() {
        return percentile(50);
    }

    /**
     * The p-th percentile.
     *
     * @param p from 0 to 100
     * @throws IllegalArgumentException if p is out of range
     */
    double percentile(double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100]: p=" + p);
        }
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Puts the median, p10 and p90 into a report's figures as {@code <prefix>median_<unit>},
     * {@code <prefix>p10_<unit>} and {@code <prefix>p90_<unit>}, in that order, each divided by {@code divisor}
     * (e.g. nanoseconds to milliseconds).
     */
    void putInto(Map<String, Double> figures, String prefix, String unit, double divisor) {
        figures.put(prefix + "median_" + unit, median() / divisor);
        figures.put(prefix + "p10_" + unit, percentile(10) / divisor);
        figures.put(prefix + "p90_" + unit, percentile(90) / divisor);
    }

    /** The spread of a sample of nanoseconds as a cell shows it under the median: {@code "(p10 - p90)"}. */
    String spread() {
        return "(" + Units.nanos(percentile(10)) + " - " + Units.nanos(percentile(90)) + ")";
    }
}
