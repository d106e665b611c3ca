package dev.multiproc.cli;

import java.util.List;

/**
 * Renders a report as one self-contained HTML page: a header with the machine, the mode and the elapsed time; the
 * comparison table (every row, whatever its id: title, each engine's lines with the spread, the meaning, the
 * method); then the SVG charts of {@link HtmlCharts}, for the rows that have one.
 *
 * <p>Self-contained: CSS and SVG are inline, there is no script and no URL at all (not even the SVG namespace,
 * which an HTML parser supplies), so the page opens from {@code file://} with no network and can be archived or
 * mailed as one file. All text is escaped; the page is also well-formed XML, which the tests use to inspect it.
 */
final class HtmlRenderer {
    private static final String CSS = """
            body { font-family: sans-serif; color: #222; background: #fff; margin: 24px; max-width: 1150px; }
            h1 { font-size: 22px; margin: 0 0 8px; }
            h2 { font-size: 17px; margin: 28px 0 8px; }
            p.run, p.machine, p.load { margin: 2px 0; }
            p.warning { color: #a00; font-weight: bold; }
            table { border-collapse: collapse; margin-top: 16px; width: 100%; }
            th, td { border: 1px solid #ccc; padding: 6px 8px; text-align: left; vertical-align: top; }
            thead th { background: #f0f0f0; }
            td div.figure { font-weight: bold; }
            tr.notes td { border-top: none; padding-bottom: 12px; }
            p.meaning { margin: 0 0 4px; }
            p.method { margin: 0; font-size: 12px; color: #555; }
            section.charts { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 0; padding: 8px; border: 1px solid #ddd; }
            figcaption { font-weight: bold; margin-bottom: 6px; }
            svg text { font-size: 12px; fill: #222; }
            svg .grid { stroke: #e4e4e4; }
            svg .axis, svg .spread { stroke: #333; fill: none; }
            svg .series, svg .ideal, svg .key { fill: none; }
            svg .ideal { stroke-dasharray: 6 4; stroke-width: 2.5; }
            """;

    /** The whole page, ending with a newline. */
    String render(Report report) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n");
        out.append("<title>").append(escape("multiproc compare (" + report.mode() + " run)")).append("</title>\n");
        out.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(out, report);
        table(out, report);
        charts(out, report);
        return out.append("</body>\n</html>\n").toString();
    }

    private static void header(StringBuilder out, Report report) {
        out.append("<h1>multiproc compare</h1>\n");
        paragraph(out, "run", report.mode() + " run, " + Units.nanos(report.elapsed().toNanos())
                + ": every figure measured live on this machine");
        paragraph(out, "machine", report.machineLine());
        paragraph(out, report.busy() ? "load warning" : "load",
                report.loadLine() + (report.busy() ? "; " + report.busyWarning() : ""));
    }

    private static void table(StringBuilder out, Report report) {
        out.append("<table>\n<thead><tr><th></th>");
        for (Engine e : Engine.values()) {
            out.append("<th>").append(escape(e.label())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Row row : report.rows()) {
            row(out, row);
        }
        out.append("</tbody>\n</table>\n");
    }

    /** Two table rows: the engines' cells, then the meaning and the method across the whole width. */
    private static void row(StringBuilder out, Row row) {
        out.append("<tr id=\"row-").append(escape(row.id())).append("\"><th scope=\"row\">").append(escape(row.title()))
                .append("</th>");
        for (Cell c : row.cells()) {
            out.append("<td>");
            lines(out, c.lines());
            out.append("</td>");
        }
        out.append("</tr>\n<tr class=\"notes\"><td colspan=\"").append(Engine.values().length + 1).append("\">");
        paragraph(out, "meaning", row.meaning().strip());
        paragraph(out, "method", "how: " + row.method().strip());
        out.append("</td></tr>\n");
    }

    /** A cell's lines: the first is the figure, the rest qualify it (spread, parts). */
    private static void lines(StringBuilder out, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            out.append(i == 0 ? "<div class=\"figure\">" : "<div>").append(escape(lines.get(i))).append("</div>");
        }
    }

    private static void charts(StringBuilder out, Report report) {
        List<String> charts = report.rows().stream().flatMap(r -> HtmlCharts.charts(r).stream()).toList();
        if (charts.isEmpty()) {
            return; // no row with a chart: no empty section either
        }
        out.append("<h2>Charts</h2>\n<section class=\"charts\">\n");
        charts.forEach(out::append);
        out.append("</section>\n");
    }

    private static void paragraph(StringBuilder out, String cssClass, String text) {
        out.append("<p class=\"").append(cssClass).append("\">").append(escape(text)).append("</p>\n");
    }

    /**
     * Text made safe for HTML content and attribute values: {@code & < > " '} become character references, and
     * control characters other than tab and line breaks, which HTML and XML forbid, become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder e = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> e.append("&amp;");
                case '<' -> e.append("&lt;");
                case '>' -> e.append("&gt;");
                case '"' -> e.append("&quot;");
                case '\'' -> e.append("&#39;");
                case '\t', '\n', '\r' -> e.append(c);
                default -> e.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return e.toString();
    }
}
