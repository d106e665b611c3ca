package dev.multiproc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tells on stderr what is being measured, one line per row: the title when the row starts (so a long run does
 * not look stuck), completed with the row's duration when it ends (so the user sees where the time goes).
 */
final class Progress {
    private static final String PREFIX = "multiproc compare: ";

    private final PrintWriter err;
    private final boolean enabled;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A progress that prints nothing. */
    static Progress silent() {
        return new Progress(new PrintWriter(PrintWriter.nullWriter()), false);
    }

    /** Starts the line of a row, before it is measured. */
    void row(int index, int total, String title) {
        print(Units.format(PREFIX + "[%d/%d] %s ...", index, total, title));
    }

    /** Ends the line of a row with how long it took. */
    void rowDone(Duration elapsed) {
        print(" " + Units.nanos(elapsed.toNanos()) + "\n");
    }

    void done(Duration elapsed) {
        print(PREFIX + "done in " + Units.nanos(elapsed.toNanos()) + "\n");
    }

    /** Says where a file with the report went. */
    void wrote(Path file) {
        print(PREFIX + "HTML report written to " + file + "\n");
    }

    private void print(String text) {
        if (enabled) {
            err.print(text);
            err.flush();
        }
    }
}
