package dev.multiproc.cli;

import java.util.List;

/**
 * One line of the threads-versus-processes comparison table, measured on all engines.
 *
 * @param id stable key for JSON, e.g. {@code start_time}
 * @param title the row header, for people
 * @param cells one per {@link Engine}, in {@link Engine} order
 * @param meaning one sentence for a user, built from the figures of this run
 * @param method how the figures were measured, in one sentence
 */
record Row(String id, String title, List<Cell> cells, String meaning, String method) {

    Row {
        cells = List.copyOf(cells);
        if (cells.size() != Engine.values().length) {
            throw new IllegalArgumentException("one cell per engine: id=" + id + ", cells=" + cells.size());
        }
    }

    /** The cell of one engine. */
    Cell cell(Engine engine) {
        return cells.get(engine.ordinal());
    }
}
