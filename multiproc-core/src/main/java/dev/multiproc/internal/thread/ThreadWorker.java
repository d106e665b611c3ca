package dev.multiproc.internal.thread;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.ContextBase;
import dev.multiproc.internal.WorkerBase;

/**
 * A worker that runs its task in a platform or virtual thread of this JVM. Stopping it is
 * cooperative: {@link #terminate()} and {@link #kill()} interrupt the thread.
 */
final class ThreadWorker extends WorkerBase {
    private final boolean virtual;
    private volatile Thread thread;

    ThreadWorker(String name, SerializableRunnable target, ContextBase.Tracker tracker, boolean virtual) {
        super(name, target, tracker);
        this.virtual = virtual;
    }

    @Override
    protected void launch() {
        // Platform threads are daemons: the context's keep-alive holds the JVM open for non-daemon workers,
        // the same way for virtual threads (which are always daemons) and child JVMs.
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        thread = builder.name(name()).start(this::runTask);
    }

    private void runTask() {
        try {
            target.run();
        } catch (Throwable t) {
            ended(1, WorkerException.of(t));
            return;
        }
        ended(0, null);
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
}
