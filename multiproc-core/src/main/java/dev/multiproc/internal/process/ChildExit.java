package dev.multiproc.internal.process;

import dev.multiproc.WorkerException;

import java.io.IOException;

/**
 * How a child JVM ended, from what it said on its link and from the OS exit value.
 */
/*
 * Implementation notes.
 *
 *   Signaled(N) frame                    -> -N   (our SIGTERM/SIGHUP handler in the child)
 *   Exiting frame                        -> exit value (a return: 0; uncaught exception: 1; System.exit(n): n)
 *   no frame and exit value 129..192     -> -(value - 128): killed by a signal before it could say so (SIGKILL)
 *   no frame otherwise                   -> exit value (Runtime.halt(n), or a JVM that failed to boot)
 * Java's Process.exitValue() reports a signal N as 128+N, so without the frames System.exit(143) and
 * SIGTERM could not be told apart.
 */
final class ChildExit {
    private WorkerException failure;
    private boolean exiting;
    private int signal;
    IOException linkError;

    /**
     * Takes note of a frame about the child's end.
     *
     * @return whether it was one (Failure, Exiting, Signaled)
     */
    boolean record(Frame f) {
        // instanceof, not a pattern switch: see ControlLink.kind
        if (f instanceof Frame.Failure(Frame.ExceptionFrame e)) {
            failure = ControlLink.rebuild(e);
        } else if (f instanceof Frame.Exiting) {
            exiting = true;
        } else if (f instanceof Frame.Signaled(int s)) {
            signal = s;
        } else {
            return false;
        }
        return true;
    }

    /** The worker's exit code, with Python's conventions. */
    int exitCode(int exitValue) {
        if (signal > 0) {
            return -signal;
        }
        if (!exiting && exitValue > 128 && exitValue <= 128 + 64) {
            return -(exitValue - 128);
        }
        return exitValue;
    }

    /** The failure to report for a one-task worker, or {@code null}. */
    WorkerException failure(int exitValue) {
        if (failure != null || exitValue == 0 || exiting || signal > 0 || exitValue > 128) {
            return failure;
        }
        if (linkError != null) { // it never took its task: say why, its stderr has the details
            return new WorkerException("java.io.IOException", linkError.getMessage()
                    + " (see the child's stderr)", new StackTraceElement[0], null);
        }
        return null;
    }

    /** An exit code in words: {@code "exit code 3"}, {@code "killed by signal 9 (SIGKILL)"}. */
    static String describe(int exitCode) {
        if (exitCode >= 0) {
            return "exit code " + exitCode;
        }
        String name = switch (-exitCode) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
        return "killed by signal " + -exitCode + name;
    }
}
