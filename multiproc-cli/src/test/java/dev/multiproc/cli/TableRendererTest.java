package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class TableRendererTest {

    @Test
    void render_sampleReport_showsHeaderEveryRowCellLineAndMeaning() {
        Report report = SampleReports.sample();
        String table = new TableRenderer().render(report);
        assertTrue(table.contains("2 cores"), table);
        for (Engine e : Engine.values()) {
            assertTrue(table.contains(e.label()), e.label());
        }
        String unwrapped = table.replaceAll("\n +", " ");
        for (Row row : report.rows()) {
            assertTrue(table.contains(row.title()), row.title());
            assertTrue(unwrapped.contains("-> " + row.meaning().strip()), row.meaning());
            assertTrue(unwrapped.contains("how: " + row.method()), row.method());
            for (Cell c : row.cells()) {
                c.lines().forEach(line -> assertTrue(table.contains(line), line));
            }
        }
    }

    @Test
    void wrap_longText_linesWithinWidthAndNothingLost() {
        String text = "a fairly long sentence that has to be wrapped over several lines of a narrow terminal";
        StringBuilder out = new StringBuilder();
        TableRenderer.wrap(out, "  -> ", "     ", text, 30);
        for (String line : out.toString().split("\n")) {
            assertTrue(line.length() <= 30, line);
        }
        assertTrue(out.toString().replaceAll("\n +", " ").contains(text), out.toString());
    }

    @Test
    void render_columns_lineUp() {
        String table = new TableRenderer().render(SampleReports.sample());
        int firstSeparator = -1;
        for (String line : table.split("\n")) {
            if (line.contains(" | ")) {
                int at = line.indexOf(" | ");
                firstSeparator = firstSeparator < 0 ? at : firstSeparator;
                assertTrue(at == firstSeparator, "misaligned: " + line);
            }
        }
        assertTrue(firstSeparator > 0);
    }
}
