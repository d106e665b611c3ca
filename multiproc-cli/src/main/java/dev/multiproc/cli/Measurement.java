package dev.multiproc.cli;

import java.io.IOException;

/** Measures one row of the comparison on every engine. */
interface Measurement {

    /** The row header, also shown in the progress line. */
    String title();

    /**
     * Measures the row, live. Every context it opens is closed before it returns, and every worker it started
     * has ended.
     *
     * @return the row, one cell per engine
     * @throws IOException if a scratch file cannot be used or {@code /proc} cannot be read
     * @throws InterruptedException if the calling thread is interrupted
     * @throws IllegalStateException if a worker fails or a result is wrong: the figures would not be honest
     */
    Row measure(Session session) throws IOException, InterruptedException;
}
