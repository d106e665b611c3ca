package dev.multiproc;

import dev.multiproc.internal.engine.ClusterEngine;
import dev.multiproc.internal.engine.WaitForAny;
import dev.multiproc.internal.process.ProcessContext;
import dev.multiproc.internal.shm.FutexBell;
import dev.multiproc.internal.thread.ThreadContext;

import java.time.Duration;
import java.util.Collection;
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
     * An engine that runs each worker in a child JVM on an agent of a cluster, and whose primitives,
     * queues and pools span the cluster. Needs the optional {@code multiproc-cluster} module, found
     * through {@link java.util.ServiceLoader}.
     *
     * <p>The cluster's primitives are AP, not CP: during a network split, or a pause longer than the
     * failure detector's timeout, two holders of a lock are possible and there is no fencing token.
     *
     * @param options where the agents are
     * @return a new context, with what a cluster adds: its agents and placement ({@link Cluster})
     * @throws IllegalArgumentException if a member is not a loopback address and the options do not allow
     *         network access ({@link ClusterOptions#withNetworkAccess()})
     * @throws IllegalStateException if the cluster module is missing
     */
    static Cluster cluster(ClusterOptions options) {
        java.util.Objects.requireNonNull(options, "options").checkNetworkAccess(); // before anything is contacted
        return ClusterEngine.find().open(options);
    }

    /**
     * Waits until at least one of {@code objects} is ready, and returns every one that is (Python:
     * {@code multiprocessing.connection.wait}). Ready means: a {@link Connection} has a message, or its other
     * end is closed (so that {@code recv()} returns or throws at once); a {@link Queue} holds an item; a
     * {@link Worker} has ended. Nothing is consumed: the message and the item stay, an ended worker stays
     * ready. Objects of any context and engine may be mixed.
     *
     * <p>No thread is started per object and nothing polls: the caller sleeps until a producer, a closing
     * end or a worker's end wakes it (on the process engine a futex over the objects' shared words). A peer
     * process that dies without closing its end wakes nobody: that is seen within about 50 ms.
     *
     * @param objects the connections (receiving ends), queues and workers; not empty
     * @param timeout the longest wait: {@link Duration#ZERO} checks without waiting, {@code null} waits without limit
     * @return the ready objects, the same instances in the given order; empty if none became ready in time
     * @throws IllegalArgumentException if {@code objects} is empty, holds something else, or the timeout is negative
     * @throws IllegalStateException if a connection is closed here, or only sends
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    static List<Object> waitForAny(Collection<?> objects, Duration timeout) throws InterruptedException {
        return WaitForAny.await(objects, timeout, FutexBell::new);
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
     * A new lock with Python's {@code Lock} semantics: not reentrant, released by anyone.
     *
     * @return the lock
     * @throws IllegalStateException if this context is closed
     */
    Lock lock();

    /**
     * A new reentrant lock owned by one thread of one process.
     *
     * @return the lock
     * @throws IllegalStateException if this context is closed
     */
    RLock rlock();

    /**
     * A new condition on a new {@link RLock} (Python: {@code Condition()}).
     *
     * @return the condition
     * @throws IllegalStateException if this context is closed
     */
    default Condition condition() {
        return condition(rlock());
    }

    /**
     * A new condition on {@code lock}, which must come from this context's engine.
     *
     * @param lock the lock the condition is bound to
     * @return the condition
     */
    default Condition condition(Lock lock) {
        return lock.newCondition();
    }

    /**
     * A new counting semaphore.
     *
     * @param permits the initial count, at least 0
     * @return the semaphore
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException if this context is closed
     */
    Semaphore semaphore(int permits);

    /**
     * A new bounded semaphore: a release above {@code permits} throws {@link IllegalStateException}.
     *
     * @param permits the initial and highest count, at least 0
     * @return the semaphore
     * @throws IllegalArgumentException if {@code permits} is negative
     * @throws IllegalStateException if this context is closed
     */
    Semaphore boundedSemaphore(int permits);

    /**
     * A new event, not set.
     *
     * @return the event
     * @throws IllegalStateException if this context is closed
     */
    Event event();

    /**
     * A new barrier.
     *
     * @param parties how many must arrive, at least 1
     * @return the barrier
     * @throws IllegalArgumentException if {@code parties} is less than 1
     * @throws IllegalStateException if this context is closed
     */
    Barrier barrier(int parties);

    /**
     * A new barrier with an action (Python: {@code Barrier(parties, action)}, Java: {@code CyclicBarrier}).
     * On every trip the last party to arrive runs {@code action} before any party is released; in a process
     * that is the last party's process. An action that throws breaks the barrier: that party gets the
     * exception, every other party {@link java.util.concurrent.BrokenBarrierException}.
     *
     * @param parties how many must arrive, at least 1
     * @param action run once per trip by one party
     * @return the barrier
     * @throws IllegalArgumentException if {@code parties} is less than 1
     * @throws NullPointerException if {@code action} is null
     * @throws IllegalStateException if this context is closed
     */
    Barrier barrier(int parties, SerializableRunnable action);

    /**
     * A new barrier with an action and a default timeout (Python: {@code Barrier(parties, action, timeout)}):
     * {@link Barrier#await()} waits at most {@code defaultTimeout}, then breaks the barrier and throws
     * {@link java.util.concurrent.BrokenBarrierException} (whose cause is a {@link java.util.concurrent.TimeoutException}),
     * as Python's {@code wait()} raises {@code BrokenBarrierError}. {@link Barrier#await(Duration)} uses its own
     * timeout.
     *
     * @param parties how many must arrive, at least 1
     * @param action run once per trip by one party, or {@code null} for none
     * @param defaultTimeout the longest wait of {@code await()}, positive
     * @return the barrier
     * @throws IllegalArgumentException if {@code parties} is less than 1 or the timeout is not positive
     * @throws IllegalStateException if this context is closed
     */
    Barrier barrier(int parties, SerializableRunnable action, Duration defaultTimeout);

    /**
     * A new duplex pipe (Python: {@code Pipe()}).
     *
     * @return the two ends
     * @throws IllegalStateException if this context is closed
     */
    default Pipe pipe() {
        return pipe(true);
    }

    /**
     * A new pipe; one-way when {@code duplex} is false: {@code left} receives and {@code right} sends.
     *
     * @param duplex whether both ends send and receive
     * @return the two ends
     * @throws IllegalStateException if this context is closed
     */
    Pipe pipe(boolean duplex);

    /**
     * A new unbounded queue (bounded only by memory).
     *
     * @param <T> the item type
     * @return the queue
     * @throws IllegalStateException if this context is closed
     */
    <T> Queue<T> queue();

    /**
     * A new queue holding at most {@code capacity} items.
     *
     * @param <T> the item type
     * @param capacity the most items it holds, at least 1
     * @return the queue
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     * @throws IllegalStateException if this context is closed
     */
    <T> Queue<T> queue(int capacity);

    /**
     * A new unbounded joinable queue.
     *
     * @param <T> the item type
     * @return the queue
     * @throws IllegalStateException if this context is closed
     */
    <T> JoinableQueue<T> joinableQueue();

    /**
     * A new shared {@code long}.
     *
     * @param initial its value
     * @return the shared value
     * @throws IllegalStateException if this context is closed
     */
    SharedLong sharedLong(long initial);

    /**
     * A new shared {@code double}.
     *
     * @param initial its value
     * @return the shared value
     * @throws IllegalStateException if this context is closed
     */
    SharedDouble sharedDouble(double initial);

    /**
     * A new shared array of {@code long}, zero-filled.
     *
     * @param length the number of elements, at least 0
     * @return the array
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws IllegalStateException if this context is closed
     */
    SharedLongArray sharedLongArray(int length);

    /**
     * A new shared array of {@code double}, zero-filled.
     *
     * @param length the number of elements, at least 0
     * @return the array
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws IllegalStateException if this context is closed
     */
    SharedDoubleArray sharedDoubleArray(int length);

    /**
     * A new block of shared raw memory, zero-filled.
     *
     * @param bytes its size, at least 1
     * @return the memory
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     * @throws IllegalStateException if this context is closed
     */
    SharedMemory sharedMemory(long bytes);

    /**
     * A pool of {@code workers} workers on this context's engine (Python: {@code Pool(workers)}), with the
     * other {@link PoolOptions#defaults()}.
     *
     * @param workers at least 1
     * @return the running pool; close it to wait for its work
     * @throws IllegalArgumentException if {@code workers} is less than 1
     * @throws IllegalStateException if this context is closed
     */
    default Pool pool(int workers) {
        return pool(PoolOptions.defaults().withWorkers(workers));
    }

    /**
     * A pool on this context's engine. Its workers start now; closing this context stops the pool as
     * {@link Pool#shutdownNow()} does.
     *
     * @param options the pool's size, timeout, recycling, initializer and JVM options
     * @return the running pool
     * @throws IllegalStateException if this context is closed
     * @throws IllegalArgumentException if the initializer cannot be serialized (process engine)
     */
    Pool pool(PoolOptions options);

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
