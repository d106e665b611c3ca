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

    // ---- a pool worker's frames: after PoolStart the child runs tasks until Stop -------------------

    /** Parent → child, first frame of a pool worker: its name and the pool's initializer (empty: none). */
    record PoolStart(String workerName, int index, byte[] initializer) implements Frame {
    }

    /** Parent → child: run a task serialized by the task codec; its result comes back as {@link Done}. */
    record Call(long id, byte[] payload) implements Frame {
    }

    /**
     * Parent → child: apply a map function to items (each encoded by the message codec). The function's
     * bytes come with the first task of that function, empty after: the child keeps the last one.
     */
    record Apply(long id, long functionId, byte[] function, List<byte[]> items) implements Frame {
    }

    /** Parent → child: skip this task if it has not started; with {@code interrupt}, stop it if it has. */
    record Cancel(long id, boolean interrupt) implements Frame {
    }

    /** Parent → child, one-task worker: interrupt the thread that runs the task. */
    record Interrupt() implements Frame {
    }

    /** Parent → child: no more tasks, exit normally. */
    record Stop() implements Frame {
    }

    /** Child → parent: a task's results (one for a call, one per item for an apply), message-encoded. */
    record Done(long id, List<byte[]> values) implements Frame {
    }

    /** Child → parent: a task threw; the worker goes on. */
    record Failed(long id, ExceptionFrame exception) implements Frame {
    }

    /** Child → parent: a cancelled task was not run. */
    record Skipped(long id) implements Frame {
    }

    /** Child → parent: this worker exits without starting another task (its initializer failed). */
    record Retire() implements Frame {
    }

    /** An exception described with strings only: class name, message, frames, and its cause. */
    record ExceptionFrame(String className, String message, List<StackTraceElement> frames, ExceptionFrame cause) {
    }
}
