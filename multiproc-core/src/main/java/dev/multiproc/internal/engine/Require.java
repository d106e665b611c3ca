package dev.multiproc.internal.engine;

/** Checks for misuse, failing early with messages that read {@code what: key=value}. */
public final class Require {
    private Require() {
    }

    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
