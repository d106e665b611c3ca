package dev.multiproc.internal.engine;

import dev.multiproc.WorkerInfo;

import java.util.Optional;

/**
 * Where {@link dev.multiproc.Worker#current()} looks: the worker of the calling thread (a thread worker, or a
 * thread pool's worker, and the threads they start), else the worker this whole JVM serves (a child JVM).
 */
public final class CurrentWorker {
    private static final InheritableThreadLocal<WorkerInfo> THREAD = new InheritableThreadLocal<>();
    private static volatile WorkerInfo process;

    private CurrentWorker() {
    }

    /** The worker running the calling code, if any. */
    public static Optional<WorkerInfo> get() {
        WorkerInfo t = THREAD.get();
        return Optional.ofNullable(t != null ? t : process);
    }

    /** This JVM serves the worker {@code name}: called once, in a child JVM, before its task runs. */
    public static void setProcess(String name, int index) {
        ProcessHandle self = ProcessHandle.current();
        process = new WorkerInfo(name, index, self.pid(), self.parent().map(ProcessHandle::pid).orElse(-1L));
    }

    /** The calling thread runs the worker {@code name} of this JVM, from now on; its threads inherit it. */
    public static void setThread(String name, int index) {
        long pid = ProcessHandle.current().pid();
        THREAD.set(new WorkerInfo(name, index, pid, pid));
    }
}
