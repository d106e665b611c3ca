package dev.multiproc.internal.process;

import java.util.List;

/**
 * A message on the control link between a parent and one child JVM. Frames are small records written
 * as {@code [int length][byte kind][body]} by {@link ControlLink}; none of them uses Java serialization,
 * so a failure is reported even when its exception cannot be serialized.
 */
sealed interface Frame {

    /** Child → parent, first frame: proves the child is the one launched with this token. */
    record Hello(String token, long pid) implements Frame {
    }

    /** Parent → child: the one task to run, serialized by the task codec. */
    record Task(String workerName, byte[] payload) implements Frame {
    }

    /** Child → parent: the task threw; the child then exits with status 1. */
    record Failure(ExceptionFrame exception) implements Frame {
    }

    /** Child → parent: the JVM is shutting down normally (a return, {@code System.exit} or an uncaught exception). */
    record Exiting() implements Frame {
    }

    /** Child → parent: a signal is ending the JVM; the worker's exit code is {@code -signal}. */
    record Signaled(int signal) implements Frame {
    }

    /** An exception described with strings only: class name, message, frames, and its cause. */
    record ExceptionFrame(String className, String message, List<StackTraceElement> frames, ExceptionFrame cause) {
    }
}
