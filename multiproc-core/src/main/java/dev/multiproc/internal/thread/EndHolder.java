package dev.multiproc.internal.thread;

/**
 * What counts as a process for pipe ends on the thread engines, where every worker shares one JVM: a worker,
 * a pool (its tasks share its hold, as the tasks of a process pool's worker share that process), or the
 * application's own threads ({@link #OUTSIDE}). A thread knows its holder through {@link #current()}; threads
 * that a task starts inherit it.
 */
interface EndHolder {
    /** The application's threads, outside any worker or pool: alive as long as the JVM. */
    EndHolder OUTSIDE = () -> true;

    /** Whether this holder still runs; an ended one holds nothing, as a dead process holds nothing. */
    boolean alive();

    /** The holder of the calling thread. */
    static EndHolder current() {
        EndHolder h = Current.HOLDER.get();
        return h == null ? OUTSIDE : h;
    }

    /** Runs {@code body} with {@code holder} as the holder of this thread and of the threads it starts. */
    static void runAs(EndHolder holder, Runnable body) {
        EndHolder before = Current.HOLDER.get();
        Current.HOLDER.set(holder);
        try {
            body.run();
        } finally {
            Current.HOLDER.set(before);
        }
    }

    /** The per-thread holder (an interface cannot have a private field). */
    final class Current {
        private static final InheritableThreadLocal<EndHolder> HOLDER = new InheritableThreadLocal<>();

        private Current() {
        }
    }
}
