package dev.multiproc;

import java.io.Serial;
import java.util.Objects;

/**
 * An exception that a worker's task threw and did not catch, rebuilt in the parent.
 *
 * <p>It carries the worker's own description of the failure, made of strings only, so that a
 * failure is reported even when the original exception cannot be serialized or its class does not
 * exist in the parent: {@link #remoteClassName()} names the original class, {@link #getMessage()} is
 * its message, {@link #getStackTrace()} are the frames where it was thrown (in the child JVM for a
 * process worker), and {@link #getCause()} is the cause chain, rebuilt the same way.
 *
 * <p>Messages travel whole, however long (as CPython's pickled exceptions do), up to 16 Mi characters per
 * message or name: a longer one arrives cut there, ending with a note of how many characters were cut. The
 * cause chain travels 32 causes deep.
 */
public class WorkerException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    /**
     * Rebuilds a failure from its parts.
     *
     * @param remoteClassName the name of the original exception class, e.g. {@code "java.lang.IllegalStateException"}
     * @param message the original message, or {@code null}
     * @param frames the original stack frames
     * @param cause the rebuilt cause, or {@code null}
     */
    public WorkerException(String remoteClassName, String message, StackTraceElement[] frames,
                           WorkerException cause) {
        super(message, cause, false, true);
        this.remoteClassName = Objects.requireNonNull(remoteClassName, "remoteClassName");
        setStackTrace(frames.clone());
    }

    /**
     * Describes a throwable of this JVM the way a child JVM describes its own: class name, message,
     * frames and causes, all as strings.
     *
     * @param throwable the failure
     * @return the description; {@code throwable} itself when it already is a {@code WorkerException}
     */
    public static WorkerException of(Throwable throwable) {
        if (throwable instanceof WorkerException w) {
            return w;
        }
        Throwable cause = throwable.getCause();
        WorkerException rebuiltCause = cause == null || cause == throwable ? null : of(cause);
        return new WorkerException(throwable.getClass().getName(), throwable.getMessage(),
                throwable.getStackTrace(), rebuiltCause);
    }

    /**
     * The name of the exception class the task threw, e.g. {@code "java.lang.IllegalStateException"}.
     *
     * @return the class name, never {@code null}
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** Reads like the original exception, so that a printed stack trace looks like the worker's. */
    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? remoteClassName : remoteClassName + ": " + message;
    }
}
