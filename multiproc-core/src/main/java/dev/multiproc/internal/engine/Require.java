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

    /**
     * A count of semaphore permits to take or give at once: at least 1, and for a take no more than a bounded
     * semaphore can ever have.
     *
     * @param bound the semaphore's bound, negative when it has none
     */
    public static void permits(int n, int bound) {
        argument(n >= 1, "permits must be >= 1: permits=%s", n);
        argument(bound < 0 || n <= bound, "a bounded semaphore of %s permits never has %s", bound, n);
    }

    public static void state(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
