package dev.multiproc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a report as a plain-text table for a terminal: a header with the machine, then per row a block of
 * cells (one column per engine, cells may span several lines) followed by its meaning and method, wrapped to the
 * table's width (at least {@value #MIN_TEXT_WIDTH} columns).
 */
final class TableRenderer {
    private static final String SEP = " | ";
    private static final int MIN_TEXT_WIDTH = 80;

    /** The whole report, ending with a newline. */
    String render(Report report) {
        StringBuilder out = new StringBuilder();
        header(out, report);
        int[] widths = widths(report);
        String rule = rule(widths);
        int textWidth = Math.max(MIN_TEXT_WIDTH, rule.length() - 1);
        line(out, widths, "", headers());
        out.append(rule);
        for (Row row : report.rows()) {
            block(out, widths, row);
            wrap(out, "  -> ", "     ", row.meaning(), textWidth);
            wrap(out, "     how: ", "          ", row.method(), textWidth);
            out.append(rule);
        }
        return out.toString();
    }

    private static void header(StringBuilder out, Report report) {
        out.append("multiproc compare (").append(report.mode()).append(" run, ")
                .append(Units.nanos(report.elapsed().toNanos())).append("): every figure measured live, here\n");
        out.append(report.machineLine()).append('\n');
        out.append(report.loadLine()).append('\n');
        if (report.busy()) {
            out.append("warning: ").append(report.busyWarning()).append('\n');
        }
        out.append('\n');
    }

    private static List<String> headers() {
        List<String> h = new ArrayList<>();
        for (Engine e : Engine.values()) {
            h.add(e.label());
        }
        return h;
    }

    /** Column widths: the title column, then one per engine, each as wide as its widest line. */
    private static int[] widths(Report report) {
        int[] w = new int[Engine.values().length + 1];
        for (Engine e : Engine.values()) {
            w[e.ordinal() + 1] = e.label().length();
        }
        for (Row row : report.rows()) {
            w[0] = Math.max(w[0], row.title().length());
            for (Cell c : row.cells()) {
                for (String line : c.lines()) {
                    w[c.engine().ordinal() + 1] = Math.max(w[c.engine().ordinal() + 1], line.length());
                }
            }
        }
        return w;
    }

    private static void block(StringBuilder out, int[] widths, Row row) {
        int height = row.cells().stream().mapToInt(c -> c.lines().size()).max().orElse(1);
        for (int i = 0; i < height; i++) {
            List<String> texts = new ArrayList<>();
            for (Cell c : row.cells()) {
                texts.add(i < c.lines().size() ? c.lines().get(i) : "");
            }
            line(out, widths, i == 0 ? row.title() : "", texts);
        }
    }

    private static void line(StringBuilder out, int[] widths, String title, List<String> cells) {
        StringBuilder l = new StringBuilder(pad(title, widths[0]));
        for (int i = 0; i < cells.size(); i++) {
            l.append(SEP).append(pad(cells.get(i), widths[i + 1]));
        }
        out.append(l.toString().stripTrailing()).append('\n');
    }

    private static String rule(int[] widths) {
        StringBuilder r = new StringBuilder("-".repeat(widths[0]));
        for (int i = 1; i < widths.length; i++) {
            r.append("-+-").append("-".repeat(widths[i]));
        }
        return r.append('\n').toString();
    }

    /** Appends {@code text} broken at spaces into lines of at most {@code width} (longer words stay whole). */
    static void wrap(StringBuilder out, String first, String indent, String text, int width) {
        StringBuilder line = new StringBuilder(first);
        int startOfText = line.length();
        for (String word : text.split(" ")) {
            if (line.length() > startOfText && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                startOfText = line.length();
            }
            line.append(line.length() > startOfText ? " " : "").append(word);
        }
        out.append(line).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
