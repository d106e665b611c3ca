package dev.multiproc;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Task bodies shared by the tests; static methods so that the lambdas capture nothing. */
final class Tasks {
    private Tasks() {
    }

    static void throwWithCause() {
        throw new IllegalStateException("outer", new UncheckedIOException("middle", new IOException("inner")));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void sleepUntilInterrupted() {
        sleep(60_000);
    }

    /** Spins and ignores interrupts: only a process can be stopped while it runs. */
    static void spinIgnoringInterrupts() {
        long x = 0;
        while (x >= 0) {
            x++;
            Thread.interrupted(); // clears the flag: this task refuses to be stopped cooperatively
        }
    }

    /** A task written as a class, Python's "override run()". */
    record ExitIfTrue(boolean exit) implements SerializableRunnable {
        @Override
        public void run() {
            if (exit) {
                System.exit(7);
            }
        }
    }
}
