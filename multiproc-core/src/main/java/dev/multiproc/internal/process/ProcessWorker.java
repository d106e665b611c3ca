package dev.multiproc.internal.process;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.ContextBase;
import dev.multiproc.internal.WorkerBase;
import dev.multiproc.internal.codec.Codec;

import java.io.IOException;

/**
 * A worker whose task runs in a child JVM of its own.
 *
 * <p>{@link #start()} serializes the task in the caller (so a bad task fails there and nothing is
 * launched), takes a child (a warm spare or a new JVM) and returns; a virtual thread then hands the task
 * over and watches the control link until the child is gone.
 */
/*
 * Implementation notes.
 *
 * How it ended, from what the child said on the link and the OS exit value:
 *   Signaled(N) frame                    -> -N   (our SIGTERM/SIGHUP/SIGINT handler in the child)
 *   Exiting frame                        -> exit value (a return: 0; uncaught exception: 1; System.exit(n): n)
 *   no frame and exit value 129..192     -> -(value - 128): killed by a signal before it could say so (SIGKILL)
 *   no frame otherwise                   -> exit value (Runtime.halt(n), or a JVM that failed to boot)
 * Java's Process.exitValue() reports a signal N as 128+N, so without the frames System.exit(143) and
 * SIGTERM could not be told apart.
 */
final class ProcessWorker extends WorkerBase {
    private final ProcessContext context;
    private volatile ChildJvm child;

    ProcessWorker(String name, SerializableRunnable target, ContextBase.Tracker tracker, ProcessContext context) {
        super(name, target, tracker);
        this.context = context;
    }

    @Override
    protected void launch() {
        byte[] payload = Codec.tasks().encode(target); // IllegalArgumentException naming the class: nothing launched
        ChildJvm c = context.takeChild();
        child = c;
        Thread.ofVirtual().name("multiproc-watch-" + name()).start(() -> watch(c, payload));
    }

    private void watch(ChildJvm c, byte[] payload) {
        Outcome outcome = new Outcome();
        try (ControlLink link = c.awaitLink()) {
            link.send(new Frame.Task(name(), payload));
            for (Frame f = link.receive(); f != null; f = link.receive()) {
                outcome.record(f);
            }
        } catch (IOException e) {
            outcome.linkError = e; // the child died, or never connected: its exit value says the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not expected: nobody interrupts watchers; fall through to waitFor
        }
        int exitValue = waitForExit(c.process());
        ended(outcome.exitCode(exitValue), outcome.failure(exitValue));
    }

    private static int waitForExit(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the outcome must be recorded, and the process is being stopped
            }
        }
    }

    @Override
    public long pid() {
        ChildJvm c = child;
        return c == null ? -1 : c.process().pid();
    }

    @Override
    public void terminate() {
        ChildJvm c = child;
        if (c != null && isAlive()) {
            c.process().destroy(); // SIGTERM
        }
    }

    @Override
    public void kill() {
        ChildJvm c = child;
        if (c != null && isAlive()) {
            c.process().destroyForcibly(); // SIGKILL
        }
    }

    /** What the child reported before its link closed. */
    private static final class Outcome {
        WorkerException failure;
        boolean exiting;
        int signal;
        IOException linkError;

        void record(Frame f) {
            switch (f) {
                case Frame.Failure(Frame.ExceptionFrame e) -> failure = ControlLink.rebuild(e);
                case Frame.Exiting() -> exiting = true;
                case Frame.Signaled(int s) -> signal = s;
                case Frame.Hello h -> { } // only the link server reads hellos
                case Frame.Task t -> { } // only children receive tasks
            }
        }

        int exitCode(int exitValue) {
            if (signal > 0) {
                return -signal;
            }
            if (!exiting && exitValue > 128 && exitValue <= 128 + 64) {
                return -(exitValue - 128);
            }
            return exitValue;
        }

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
    }

}
