package dev.multiproc.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Made-up reports for renderer tests: no measurement, so the renderers can be tested in milliseconds. */
final class SampleReports {
    private SampleReports() {
    }

    /** Two rows, one with multi-line cells, texts with characters JSON must escape. */
    static Report sample() {
        Machine machine = new Machine(2, "25 (\"Test\" VM)", "Linux\ttest amd64");
        return new Report(machine, "quick", List.of(row("start_time", "start + join", 1),
                row("cpu_speedup", "CPU-bound speed-up", 2)), Duration.ofMillis(1234), 0.5);
    }

    static Row row(String id, String title, int linesPerCell) {
        List<Cell> cells = new ArrayList<>();
        for (Engine e : Engine.values()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < linesPerCell; i++) {
                lines.add(e.id() + " line " + i);
            }
            cells.add(new Cell(e, lines, Map.of("median_ms", 0.5 + e.ordinal(), "odd", Double.NaN)));
        }
        return new Row(id, title, cells, "meaning of " + id + " with a \"quote\" and a \\ backslash\n",
                "method of " + id);
    }
}
