package dev.multiproc.internal.process;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.Handoff;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.Codec;

import java.io.IOException;

/**
 * A worker whose task runs in a child JVM of its own.
 *
 * <p>{@link #start()} serializes the task in the caller (so a bad task fails there and nothing is
 * launched), takes a child (a warm spare or a new JVM) and returns; a virtual thread then hands the task
 * over and watches the control link until the child is gone. {@link #interrupt()} sends a frame on the link,
 * which the child's lifeline thread turns into an interrupt of the task's thread.
 */
final class ProcessWorker extends WorkerBase {
    private final ProcessContext context;
    private volatile ChildJvm child;
    private final Object interrupts = new Object();
    // guarded by interrupts
    private ControlLink link;
    private boolean pendingInterrupt;

    ProcessWorker(String name, SerializableRunnable target, ContextBase.Tracker tracker, ProcessContext context) {
        super(name, target, tracker);
        this.context = context;
    }

    @Override
    protected void launch() {
        byte[] payload;
        ChildJvm c;
        try (Handoff handoff = Handoff.open(true)) {
            payload = Codec.tasks().encode(target); // IllegalArgumentException naming the class: nothing launched
            try {
                c = context.takeChild(name());
            } catch (RuntimeException e) {
                handoff.cancel();
                throw e;
            }
            handoff.grant(c.process().pid()); // the child holds the task's pipe ends now, even if it dies at once
        }
        child = c;
        // a platform thread, as every reader of a link: see LinkServer's greeter
        Thread.ofPlatform().daemon().name("multiproc-watch-" + name()).start(() -> watch(c, payload));
    }

    private void watch(ChildJvm c, byte[] payload) {
        ChildExit outcome = new ChildExit();
        try (ControlLink link = c.awaitLink()) {
            link.send(new Frame.Task(name(), payload));
            connected(link);
            for (Frame f = link.receive(); f != null; f = link.receive()) {
                outcome.record(f);
            }
        } catch (IOException e) {
            outcome.linkError = e; // the child died, or never connected: its exit value says the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // not expected: nobody interrupts watchers; fall through to waitFor
        }
        int exitValue = c.awaitExit(null); // a worker's task may run as long as it likes
        ended(outcome.exitCode(exitValue), outcome.failure(exitValue));
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
    public void interrupt() {
        ControlLink l;
        synchronized (interrupts) {
            if (!isAlive()) {
                return;
            }
            l = link;
            if (l == null) {
                pendingInterrupt = true; // sent with the task, when the child has connected
                return;
            }
        }
        sendInterrupt(l);
    }

    /** The task has been sent: interrupts go straight to the child from now on. */
    private void connected(ControlLink l) {
        boolean pending;
        synchronized (interrupts) {
            link = l;
            pending = pendingInterrupt;
        }
        if (pending) {
            sendInterrupt(l);
        }
    }

    private static void sendInterrupt(ControlLink l) {
        try {
            l.send(new Frame.Interrupt());
        } catch (IOException e) {
            // the child is gone: there is nothing left to interrupt
        }
    }

    @Override
    public void kill() {
        ChildJvm c = child;
        if (c != null && isAlive()) {
            c.process().destroyForcibly(); // SIGKILL
        }
    }
}
