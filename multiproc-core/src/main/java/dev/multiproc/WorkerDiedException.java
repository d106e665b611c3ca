package dev.multiproc;

import java.io.Serial;

/**
 * The cause of a failed pool task whose worker JVM ended while running it: a signal, {@code System.exit},
 * {@code Runtime.halt} or a JVM that failed to start. The pool replaced the worker; other tasks were not
 * affected.
 */
public final class WorkerDiedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitCode;

    /**
     * Describes a worker's end.
     *
     * @param pid the worker JVM's pid
     * @param exitCode as {@link Worker#exitCode()}: n for {@code System.exit(n)}, −N for signal N
     * @param message what happened, in words
     */
    public WorkerDiedException(long pid, int exitCode, String message) {
        super(message);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /**
     * The pid of the worker JVM that died.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * How it ended, with the sign convention of {@link Worker#exitCode()}: −9 for SIGKILL.
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }
}
