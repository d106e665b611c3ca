package dev.multiproc;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * A fixed number of workers that run many tasks (Python: {@code multiprocessing.Pool} and
 * {@code concurrent.futures.ProcessPoolExecutor}), on the engine of the {@link Context} that made it.
 *
 * {@snippet :
 * try (Context ctx = Context.processes(); Pool pool = ctx.pool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));           // [1, 4, 9]
 *     Future<Long> pid = pool.submit(() -> ProcessHandle.current().pid());
 * }                                                                             // close() waits for the work
 * }
 *
 * <h2>What differs from Python</h2>
 * <ul>
 *   <li><b>Crashes fail one task.</b> A worker that dies (signal, {@code System.exit}, {@code Runtime.halt})
 *       fails only the task it was running, with a {@link WorkerDiedException} saying how it ended; the
 *       worker is replaced and every other task completes. Tasks it had received but not started run
 *       elsewhere.</li>
 *   <li><b>Timeouts stop the work.</b> With {@link PoolOptions#withTaskTimeout}, a task past its deadline
 *       fails with {@link java.util.concurrent.TimeoutException} and its worker JVM is killed and replaced
 *       (threads are interrupted). {@code cancel(true)} of a running task does the same.</li>
 *   <li><b>{@code close()} waits</b> for submitted work (try-with-resources), as {@link ExecutorService#close()}
 *       does; {@link #shutdownNow()} is the way to discard it.</li>
 *   <li><b>{@link #imap} and {@link #imapUnordered} are lazy</b>: they read their input as results are
 *       consumed, keeping a bounded window of tasks in flight, so an endless input works.</li>
 * </ul>
 *
 * <p>Failures: {@link Future#get()} throws {@link java.util.concurrent.ExecutionException} whose cause is a
 * {@link WorkerException} (the task's exception, rebuilt: class name, message, frames), a
 * {@link WorkerDiedException} or a {@link java.util.concurrent.TimeoutException}. {@code map} and the
 * streams of {@code imap} throw {@link CompletionException} with the same causes, at the first failed item
 * in their order. On the process engine a task, function or item that cannot be serialized is refused in
 * the caller with {@link IllegalArgumentException} naming the class.
 *
 * <p>A pool's worker threads do not keep the JVM alive; close the pool to wait for its work.
 */
public interface Pool extends ExecutorService {

    /**
     * Applies {@code fn} to every item, in parallel, and returns the results in the items' order
     * (Python: {@code Pool.map}). Items are sent in chunks of {@code ceil(size / (4 * workers))}, as Python's
     * default chunking does.
     *
     * @param fn the function, serializable for the process engine
     * @param items the inputs
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in order
     * @throws CompletionException at the first failed item; the cause says why, the other chunks are cancelled
     * @throws IllegalArgumentException if {@code fn} or an item cannot be serialized (process engine)
     * @throws java.util.concurrent.RejectedExecutionException if the pool is shut down
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Collection<? extends T> items);

    /**
     * Applies {@code fn} to every item, {@code chunkSize} items per task.
     *
     * @param fn the function
     * @param items the inputs
     * @param chunkSize items per task, at least 1; 1 makes each item a task of its own
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in order
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1, or as {@link #map(SerializableFunction, Collection)}
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Collection<? extends T> items, int chunkSize);

    /**
     * A lazy, ordered {@code map} (Python: {@code Pool.imap}): the input is read as results are consumed,
     * with a bounded number of items in flight. Closing the stream cancels what has not started.
     *
     * <p>If the input fails (its iterator throws, or an item cannot be serialized), the stream first delivers
     * the result of every item before the failing one and then throws that exception, as CPython does; a
     * task's failure is thrown at its place in the order, as {@link CompletionException}.
     *
     * @param fn the function
     * @param items the inputs, possibly endless
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in the items' order
     */
    <T, R> Stream<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * As {@link #imap}, but results come as soon as they are ready (Python: {@code Pool.imap_unordered}).
     * An input failure is thrown after the results of the items read before it.
     *
     * @param fn the function
     * @param items the inputs, possibly endless
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in completion order
     */
    <T, R> Stream<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * As {@link #imap(SerializableFunction, Iterable)}, with {@code chunkSize} items per task (Python's
     * {@code imap(func, iterable, chunksize)}): fewer, larger messages for many small items. A chunk runs in one
     * worker; its results are delivered together.
     *
     * @param fn the function
     * @param items the inputs, possibly endless
     * @param chunkSize items per task, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, in the items' order
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     */
    <T, R> Stream<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items, int chunkSize);

    /**
     * As {@link #imapUnordered(SerializableFunction, Iterable)}, with {@code chunkSize} items per task; the
     * results of a chunk come together, chunks in completion order.
     *
     * @param fn the function
     * @param items the inputs, possibly endless
     * @param chunkSize items per task, at least 1
     * @param <T> the item type
     * @param <R> the result type
     * @return the results, chunk by chunk in completion order
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     */
    <T, R> Stream<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                   int chunkSize);

    /**
     * Submits a task that returns a value; a lambda passed to {@code submit} picks this overload.
     *
     * @param task the task
     * @param <R> the result type
     * @return its future, a {@link CompletableFuture} for {@code thenApply}, {@code anyOf}, {@code allOf} and
     *         callbacks (every future this pool returns is one). Only the pool decides its outcome: its
     *         {@code complete}, {@code completeExceptionally} and {@code obtrude…} change nothing;
     *         {@code cancel(true)} of a running task stops it (see {@link PoolOptions#gracePeriod()})
     * @throws IllegalArgumentException if the task cannot be serialized (process engine)
     * @throws java.util.concurrent.RejectedExecutionException if the pool is shut down
     */
    <R> CompletableFuture<R> submit(SerializableCallable<R> task);

    /**
     * The pool's counts now: items queued, tasks running, items completed, failed and cancelled, workers
     * replaced. Current when {@code map} returns; otherwise a moment's view of a moving pool. Counting costs a
     * few atomic additions per task whether anyone asks or not.
     *
     * @return the counts
     */
    PoolStats stats();

    /**
     * How many workers run tasks at once.
     *
     * @return the pool's size
     */
    int workers();
}
