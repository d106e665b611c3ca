package dev.multiproc.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renders a report as JSON, by hand: the shape is small and fixed, and the CLI takes no JSON dependency.
 * <pre>
 * {"tool": "multiproc compare", "mode": ..., "elapsed_ms": ..., "background_load_cores": ..., "busy": ...,
 *  "machine": {"cores": ..., "jdk": ..., "os": ...},
 *  "engines": [{"id": ..., "label": ...}, ...],
 *  "rows": [{"id": ..., "title": ..., "meaning": ..., "method": ...,
 *            "cells": {"&lt;engine id&gt;": {"text": [...], "figures": {"&lt;name&gt;": number, ...}}, ...}}, ...]}
 * </pre>
 * Numbers keep 6 significant digits; a figure that is not finite is written as {@code null}.
 */
final class JsonRenderer {
    private static final MathContext SIGNIFICANT = new MathContext(6);

    /** The whole report as one JSON object, ending with a newline. */
    String render(Report report) {
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"tool\": \"multiproc compare\",\n");
        out.append("  \"mode\": ").append(quote(report.mode())).append(",\n");
        out.append("  \"elapsed_ms\": ").append(number(report.elapsed().toNanos() / Units.NANOS_PER_MS)).append(",\n");
        out.append("  \"background_load_cores\": ").append(number(report.backgroundCores())).append(",\n");
        out.append("  \"busy\": ").append(report.busy()).append(",\n");
        Machine m = report.machine();
        out.append("  \"machine\": {\"cores\": ").append(m.cores()).append(", \"jdk\": ").append(quote(m.jdk()))
                .append(", \"os\": ").append(quote(m.os())).append("},\n");
        out.append("  \"engines\": [");
        join(out, ", ", List.of(Engine.values()), e -> out.append("{\"id\": ").append(quote(e.id()))
                .append(", \"label\": ").append(quote(e.label())).append('}'));
        out.append("],\n  \"rows\": [\n");
        join(out, ",\n", report.rows(), r -> row(out, r));
        return out.append("\n  ]\n}\n").toString();
    }

    private static void row(StringBuilder out, Row row) {
        out.append("    {\"id\": ").append(quote(row.id())).append(", \"title\": ").append(quote(row.title()))
                .append(",\n     \"meaning\": ").append(quote(row.meaning()))
                .append(",\n     \"method\": ").append(quote(row.method()))
                .append(",\n     \"cells\": {\n");
        join(out, ",\n", row.cells(), c -> cell(out, c));
        out.append("\n     }}");
    }

    private static void cell(StringBuilder out, Cell cell) {
        out.append("       ").append(quote(cell.engine().id())).append(": {\"text\": [");
        join(out, ", ", cell.lines(), l -> out.append(quote(l)));
        out.append("], \"figures\": {");
        join(out, ", ", cell.figures().entrySet(), (Map.Entry<String, Double> f) ->
                out.append(quote(f.getKey())).append(": ").append(number(f.getValue())));
        out.append("}}");
    }

    /** Appends each item with {@code each}, with {@code separator} between them. */
    private static <T> void join(StringBuilder out, String separator, Iterable<T> items, Consumer<T> each) {
        for (Iterator<T> it = items.iterator(); it.hasNext(); ) {
            each.accept(it.next());
            if (it.hasNext()) {
                out.append(separator);
            }
        }
    }

    /** A JSON number with 6 significant digits, or {@code null} for NaN and infinities, which JSON lacks. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return new BigDecimal(v).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(Units.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
