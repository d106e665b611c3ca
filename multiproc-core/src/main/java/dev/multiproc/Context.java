package dev.multiproc;

import dev.multiproc.internal.process.ProcessContext;
import dev.multiproc.internal.thread.ThreadContext;

import java.util.List;

/**
 * Decides where work runs: in platform threads, in virtual threads, or in child JVMs. The same code
 * runs on every engine; switching engines is one line.
 *
 * {@snippet :
 * try (Context ctx = Context.processes()) {     // or Context.threads(), Context.virtualThreads()
 *     Worker w = ctx.start(() -> System.out.println("hello from " + ProcessHandle.current().pid()));
 *     w.join();
 *     System.out.println(w.exitCode());         // OptionalInt[0]
 * }
 * }
 *
 * <h2>Comparison with Python multiprocessing</h2>
 * <ul>
 *   <li>{@code Context.processes()} is the {@code spawn} start method: a fresh JVM per worker, the task
 *       pickled, here serialized. {@link ProcessOptions#withWarmSpares(int)} gives {@code fork}-like start
 *       times without sharing a heap.</li>
 *   <li>Exit codes follow Python ({@code 0}, {@code 1}, {@code n}, {@code -N}); a child's uncaught exception
 *       comes back as {@link Worker#failure()} instead of only being printed.</li>
 *   <li>Java has no GIL: threads run CPU-bound work in parallel. Choose processes for isolation: a
 *       separate heap, contained crashes and {@code System.exit}, tasks that can be stopped by force.</li>
 *   <li>Children never outlive this JVM, even when it is killed with SIGKILL.</li>
 * </ul>
 *
 * <p>A context is thread-safe.
 */
public interface Context extends AutoCloseable {

    /**
     * An engine that runs each worker in a new platform thread.
     *
     * @return a new context
     */
    static Context threads() {
        return new ThreadContext(false);
    }

    /**
     * An engine that runs each worker in a new virtual thread.
     *
     * @return a new context
     */
    static Context virtualThreads() {
        return new ThreadContext(true);
    }

    /**
     * An engine that runs each worker in a new child JVM, launched with {@link ProcessOptions#defaults()}.
     *
     * @return a new context
     */
    static Context processes() {
        return processes(ProcessOptions.defaults());
    }

    /**
     * An engine that runs each worker in a new child JVM.
     *
     * @param options how children are launched
     * @return a new context
     */
    static Context processes(ProcessOptions options) {
        return new ProcessContext(options);
    }

    /**
     * Creates a worker that is not started yet (Python: {@code Process(target=...)}), named {@code Worker-N}.
     *
     * @param target the task
     * @return the new worker
     * @throws IllegalStateException if this context is closed
     */
    Worker worker(SerializableRunnable target);

    /**
     * Creates a named worker that is not started yet.
     *
     * @param name the worker's name
     * @param target the task
     * @return the new worker
     * @throws IllegalStateException if this context is closed
     */
    Worker worker(String name, SerializableRunnable target);

    /**
     * Creates and starts a worker: {@code worker(target).start()}.
     *
     * @param target the task
     * @return the started worker
     * @throws IllegalStateException if this context is closed
     * @throws IllegalArgumentException if the task cannot be serialized (process engine)
     */
    default Worker start(SerializableRunnable target) {
        return worker(target).start();
    }

    /**
     * The workers of this context that are alive now (Python: {@code active_children()}).
     *
     * @return a snapshot
     */
    List<Worker> activeChildren();

    /**
     * How many CPUs this process may use: its affinity mask and cgroup limits, not the host's count.
     *
     * @return at least 1
     */
    default int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Stops workers still running (terminate, a short wait, then kill for processes; an interrupt for
     * threads), waits briefly for them, and frees everything this context created. Idempotent.
     */
    @Override
    void close();
}
