package dev.multiproc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a child JVM's standard output and standard error go ({@link ProcessOptions#withOutput}): to this JVM's
 * streams as they are ({@link #inherit()}), line by line with the worker's name in front ({@link #prefixed()}),
 * nowhere ({@link #discard()}), or into a file per worker and stream ({@link #toDirectory(Path)}). Pool workers
 * are named too ({@code <pool>-worker-<n>}). Whatever mode, everything a worker wrote has reached its
 * destination when its {@link Worker#join()} returns, and when {@link Context#close()} returns.
 *
 * <p>Thread engines take no {@link ProcessOptions}: their workers write to this JVM's {@code System.out} and
 * {@code System.err} directly, as any thread does.
 */
public sealed interface Output permits Output.Choice {
    /**
     * The child writes to this JVM's stdout and stderr itself, unbuffered by this JVM (the default): lines of
     * several workers may interleave.
     *
     * @return the mode
     */
    static Output inherit() {
        return new Choice(Kind.INHERIT, null);
    }

    /**
     * Each line the child writes appears on this JVM's stream of the same kind ({@code System.out} or
     * {@code System.err}) as {@code [<worker name>] <line>}, whole: lines are never split or merged, whatever
     * their length, and a last line without a newline is still written as a line.
     *
     * @return the mode
     */
    static Output prefixed() {
        return new Choice(Kind.PREFIXED, null);
    }

    /**
     * The child's output is thrown away.
     *
     * @return the mode
     */
    static Output discard() {
        return new Choice(Kind.DISCARD, null);
    }

    /**
     * The child's output goes, as written, into {@code <dir>/<worker name>.out} and {@code <dir>/<worker
     * name>.err}, replacing files of those names.
     *
     * @param dir an existing directory
     * @return the mode
     * @throws IllegalArgumentException if {@code dir} is not a directory
     */
    static Output toDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!dir.toFile().isDirectory()) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        return new Choice(Kind.DIRECTORY, dir);
    }

    /** The kinds of destination. */
    enum Kind {
        INHERIT, PREFIXED, DISCARD, DIRECTORY
    }

    /**
     * The chosen mode as a value, for engines.
     *
     * @param kind which mode
     * @param directory the directory of {@link Kind#DIRECTORY}, else {@code null}
     */
    record Choice(Kind kind, Path directory) implements Output {
        /**
         * Checks the parts.
         *
         * @throws NullPointerException if {@code kind} is null, or {@code directory} is for {@link Kind#DIRECTORY}
         */
        public Choice {
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.DIRECTORY) {
                Objects.requireNonNull(directory, "directory");
            }
        }
    }
}
