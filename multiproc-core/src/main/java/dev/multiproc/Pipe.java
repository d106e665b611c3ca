package dev.multiproc;

import java.io.Serializable;

/**
 * The two ends of a pipe (Python's {@code Pipe()}). Duplex: both ends send and receive. One-way: {@code left}
 * receives and {@code right} sends, as Python's {@code Pipe(duplex=False)} returns {@code (reader, writer)}.
 *
 * @param left the first end
 * @param right the second end
 */
public record Pipe(Connection left, Connection right) implements Serializable {
}
