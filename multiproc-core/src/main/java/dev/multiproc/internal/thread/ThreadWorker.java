package dev.multiproc.internal.thread;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.CurrentWorker;
import dev.multiproc.internal.engine.WorkerBase;

/**
 * A worker that runs its task in a platform or virtual thread of this JVM. Stopping it is
 * cooperative: {@link #terminate()} and {@link #kill()} interrupt the thread.
 */
final class ThreadWorker extends WorkerBase implements EndHolder {
    private final boolean virtual;
    private final ThreadPrimitives primitives;
    private volatile Thread thread;

    ThreadWorker(String name, SerializableRunnable target, ContextBase.Tracker tracker, boolean virtual,
                 ThreadPrimitives primitives) {
        super(name, target, tracker);
        this.virtual = virtual;
        this.primitives = primitives;
    }

    @Override
    protected void launch() {
        // A platform thread carries the daemon flag itself; virtual threads are always daemons, so the
        // context's keep-alive holds the JVM open for non-daemon virtual workers (see usesKeepAlive).
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(isDaemon());
        primitives.handOff(target, this, true); // as a child process holds the pipe ends it received with its task
        thread = builder.name(name()).start(this::runTask);
    }

    /** A worker holds pipe ends until it ends, as a process does until it dies. */
    @Override
    public boolean alive() {
        return exitCode().isEmpty();
    }

    private void runTask() {
        CurrentWorker.setThread(name(), -1);
        try {
            EndHolder.runAs(this, target);
        } catch (Throwable t) {
            ended(1, WorkerException.of(t));
            return;
        }
        ended(0, null);
    }

    @Override
    protected boolean usesKeepAlive() {
        return virtual;
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public void terminate() {
        Thread t = thread;
        if (t != null && isAlive()) {
            t.interrupt();
        }
    }

    @Override
    public void kill() {
        terminate(); // a thread cannot be stopped by force since JDK 20
    }

    @Override
    public void interrupt() {
        terminate();
    }
}
