package dev.multiproc.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One engine's result in one row: the lines shown in the table and the raw figures behind them.
 *
 * @param engine the column
 * @param lines what a person reads, one or more short lines
 * @param figures the measured numbers, in insertion order; keys are snake_case and end with their unit
 *        ({@code _ms}, {@code _kib}, ...) unless they are counts or ratios
 */
record Cell(Engine engine, List<String> lines, Map<String, Double> figures) {

    Cell {
        lines = List.copyOf(lines);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /**
     * Returns a figure that must be there.
     *
     * @throws IllegalArgumentException if this cell has no such figure
     */
    double figure(String name) {
        Double v = figures.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no such figure: engine=" + engine + ", name=" + name);
        }
        return v;
    }
}
