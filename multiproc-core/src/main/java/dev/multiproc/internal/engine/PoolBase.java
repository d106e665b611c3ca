package dev.multiproc.internal.engine;

import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import dev.multiproc.PoolListener;
import dev.multiproc.PoolStats;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerException;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What every engine's pool shares: submission (tasks are turned into their wire form {@code W} in the caller;
 * a map function into {@code F}, once per call), the backlog, {@code map}/{@code imap}, the {@code invoke…}
 * family, and the life of an {@code ExecutorService} ({@link PoolLifecycle}).
 *
 * <p>An engine supplies the workers: it takes tasks from the backlog ({@link #nextTask()},
 * {@link #awaitTask}), completes them, gives back the ones a dead worker never started
 * ({@link #giveBack}), and reports its workers' lives ({@link #workerStarted()}, {@link #workerEnded()}).
 * The pool is terminated once it is shut down, its work is done and no worker is left.
 */
public abstract class PoolBase<W, F> implements Pool {
    private final java.util.BitSet indexes = new java.util.BitSet(); // guarded by itself
    private final AtomicLong submittedItems = new AtomicLong();
    private final AtomicLong heldItems = new AtomicLong(); // items of the tasks workers hold
    private final AtomicLong heldTasks = new AtomicLong();
    private final AtomicLong completedItems = new AtomicLong();
    private final AtomicLong failedItems = new AtomicLong();
    private final AtomicLong cancelledItems = new AtomicLong();
    private final AtomicLong replacedWorkers = new AtomicLong();
    private final Object listening = new Object(); // one listener call at a time
    private boolean listenerFailed; // guarded by listening
    protected final PoolOptions options;
    private final Backlog backlog = new Backlog();
    private final PoolLifecycle life = new PoolLifecycle(backlog::isDrained);
    private final AtomicLong ids = new AtomicLong();

    protected PoolBase(PoolOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    // ---- what engines implement ---------------------------------------------------------------

    /** The wire form of a plain task, or {@code null} if the engine runs tasks in this JVM. */
    protected abstract W wireOfCall(Callable<?> task);

    /** The wire form of a map function, made once per {@code map}/{@code imap} call. */
    protected abstract F wireOfFunction(SerializableFunction<?, ?> fn);

    /** The wire form of a chunk of map items, given the function's wire form. */
    protected abstract W wireOfApply(F function, List<?> items);

    /** The wire form {@code task} was given here. */
    @SuppressWarnings("unchecked") // every task of this pool got its wire form from the methods above
    public final W wire(PoolTask<?> task) {
        return (W) task.wire();
    }

    /**
     * New tasks are in the backlog: get them to idle workers. Nothing to do for workers that wait on the
     * backlog themselves ({@link #awaitTask}), as they do by default.
     */
    protected void dispatch() {
    }

    /**
     * The backlog is drained (shut down, nothing outstanding): let every worker end. Nothing to do for
     * workers that wait on the backlog themselves: they see it drained.
     */
    protected void drained() {
    }

    /**
     * {@code shutdownNow()}: stop every worker at once.
     *
     * @return the tasks workers had received but not started
     */
    protected abstract List<PoolTask<?>> stopWorkers();

    /** A task was cancelled; if it runs and {@code interrupt} is set, stop it. */
    protected abstract void cancelled(PoolTask<?> task, boolean interrupt);

    /**
     * With a task timeout: fail and stop the running tasks past their deadline (see {@link #overdue}).
     * Called every few milliseconds by the pool's watchdog thread.
     */
    protected abstract void checkDeadlines(long nowNanos);

    /**
     * A thread is about to block until {@code task} completes: the engine may first help it along in the
     * calling thread, never longer than {@code maxNanos}, so that the answer does not have to be handed over
     * by another thread (each hand-off is a wake-up). The process engine reads the task's reply itself for a
     * short while; the cluster engine waits on its remote call's own future. It returns early if the thread
     * is interrupted, and must notice a cancellation of the task. Nothing by default.
     */
    protected void beforeWait(PoolTask<?> task, long maxNanos) {
    }

    // ---- for engines --------------------------------------------------------------------------

    /** The next waiting task, or {@code null}. */
    protected final PoolTask<?> nextTask() {
        return held(backlog.poll());
    }

    /**
     * Takes waiting tasks for one of {@code workers} workers, under one lock: at most {@code max}, and at
     * most its share of those waiting, so that a burst is spread over every worker.
     */
    public final List<PoolTask<?>> nextTasks(int max, int workers) {
        List<PoolTask<?>> tasks = backlog.pollShare(max, workers);
        tasks.forEach(this::held);
        return tasks;
    }

    /** Waits up to {@code nanos} for a task; {@code null} on timeout, when drained or when stopped. */
    protected final PoolTask<?> awaitTask(long nanos) throws InterruptedException {
        return held(backlog.take(nanos));
    }

    /** Gives back tasks a worker received but never started; they keep their place at the front. */
    public final void giveBack(List<PoolTask<?>> tasks) {
        tasks.forEach(this::release);
        if (!tasks.isEmpty()) {
            backlog.requeue(tasks);
            dispatch();
        }
    }

    /** Whether the pool is shut down and every task has completed: workers may end. */
    public final boolean isDrained() {
        return backlog.isDrained();
    }

    protected final boolean isStopped() {
        return life.isStopped();
    }

    protected final boolean hasWaiting() {
        return backlog.waiting() > 0;
    }

    /** A worker began; call it for a replacement before {@link #workerEnded()} of the one it replaces. */
    protected final void workerStarted() {
        life.workerStarted();
    }

    /** A worker ended for good. */
    protected final void workerEnded() {
        life.workerEnded();
    }

    /** Whether an ended worker must be replaced: work may still come or is waiting. */
    protected final boolean needsWorkers() {
        return life.needsWorkers();
    }

    /** Starts the watchdog if tasks have a timeout; engines call it once their workers are launched. */
    protected final void startWatchdog() {
        if (options.taskTimeout() == null) {
            return;
        }
        long tick = Math.clamp(options.taskTimeout().toNanos() / 20, 1_000_000L, 100_000_000L);
        Thread.ofPlatform().daemon().name("multiproc-pool-watchdog").start(() -> {
            try {
                while (!life.awaitTermination(tick, TimeUnit.NANOSECONDS)) {
                    checkDeadlines(System.nanoTime());
                }
            } catch (InterruptedException e) {
                // nobody interrupts it; end quietly
            }
        });
    }

    /** Whether a task running since {@code sinceNanos} is past its deadline. */
    public final boolean overdue(PoolTask<?> task, long sinceNanos, long nowNanos) {
        Duration timeout = options.taskTimeout();
        return timeout != null && nowNanos - sinceNanos > timeout.toNanos() * task.items();
    }

    /** The failure of a task stopped at its deadline. */
    public final TimeoutException timedOut(PoolTask<?> task, String how) {
        Duration limit = options.taskTimeout().multipliedBy(task.items());
        return new TimeoutException("task ran longer than its timeout of " + limit + "; " + how);
    }

    /** The failure of a worker's first task when the pool's initializer threw in that worker. */
    protected static WorkerException initializerFailed(WorkerException failure) {
        return new WorkerException(failure.remoteClassName(), "the pool's initializer failed in this worker: "
                + failure.getMessage(), failure.getStackTrace(),
                failure.getCause() instanceof WorkerException w ? w : null);
    }

    /** Runs {@code action} when the pool terminates, before awaiting threads are released (at once if it has). */
    public final void onTermination(Runnable action) {
        life.onTermination(action);
    }

    /** The pool's options. */
    public final PoolOptions options() {
        return options;
    }

    /** How a task ended. */
    enum Outcome { COMPLETED, FAILED, CANCELLED }

    /** A task is ending as {@code outcome}: counted (and told to the listener) before its future completes. */
    final void settled(PoolTask<?> task, Outcome outcome) {
        release(task);
        count(task, outcome);
    }

    /** A task's future has completed. */
    final void finished() {
        if (backlog.finished()) {
            drained();
            life.checkTerminated();
        }
    }

    // ---- counts and the listener ---------------------------------------------------------------

    @Override
    public PoolStats stats() {
        long completed = completedItems.get();
        long failed = failedItems.get();
        long cancelled = cancelledItems.get();
        long held = heldItems.get();
        long queued = Math.max(0, submittedItems.get() - completed - failed - cancelled - held);
        return new PoolStats(workers(), queued, Math.min(workers(), Math.max(0, heldTasks.get())), completed, failed,
                cancelled, replacedWorkers.get());
    }

    private PoolTask<?> held(PoolTask<?> task) {
        if (task != null && task.handOut()) {
            heldItems.addAndGet(task.items());
            heldTasks.incrementAndGet();
        }
        return task;
    }

    private void release(PoolTask<?> task) {
        if (task.takeBack()) {
            heldItems.addAndGet(-task.items());
            heldTasks.decrementAndGet();
        }
    }

    /** Counts an ended task's items, and tells the listener item by item. */
    private void count(PoolTask<?> task, Outcome outcome) {
        AtomicLong counter = outcome == Outcome.COMPLETED ? completedItems
                : outcome == Outcome.FAILED ? failedItems : cancelledItems;
        PoolListener listener = options.listener();
        if (listener == null) {
            counter.addAndGet(task.items());
            return;
        }
        synchronized (listening) {
            for (int i = 0; i < task.items(); i++) {
                counter.incrementAndGet();
                tell(() -> listener.itemDone(stats()));
            }
        }
    }

    /** A worker died and another takes its place: for the counts and the listener. */
    protected final void workerReplaced(long deadPid, int exitCode) {
        PoolListener listener = options.listener();
        if (listener == null) {
            replacedWorkers.incrementAndGet();
            return;
        }
        synchronized (listening) {
            replacedWorkers.incrementAndGet();
            tell(() -> listener.workerReplaced(deadPid, exitCode, stats()));
        }
    }

    /** One listener call; an exception is the listener's bug, printed once, never the pool's failure. */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            if (!listenerFailed) {
                listenerFailed = true;
                System.err.println("multiproc: the pool listener threw (further exceptions are not printed): " + e);
                e.printStackTrace();
            }
        }
    }

    // ---- worker indexes -----------------------------------------------------------------------

    /**
     * The lowest index no live worker has: a new worker's place, 0 to {@code workers - 1}
     * ({@link dev.multiproc.WorkerInfo#index()}); a replacement takes the place its predecessor freed.
     */
    protected final int takeIndex() {
        synchronized (indexes) {
            int i = indexes.nextClearBit(0);
            indexes.set(i);
            return i;
        }
    }

    /** A worker left the pool: its place is free. */
    protected final void freeIndex(int index) {
        synchronized (indexes) {
            indexes.clear(index);
        }
    }

    // ---- submission ---------------------------------------------------------------------------

    private <R> PoolTask<R> callTask(Callable<R> task) {
        Objects.requireNonNull(task, "task");
        return new PoolTask<>(this, ids.incrementAndGet(), task, 1, wire(task));
    }

    /**
     * The task's wire form. The JDK's own wrappers ({@code CompletableFuture.supplyAsync(…, pool)},
     * {@code ExecutorCompletionService}) carry a future of this JVM that no other JVM can complete: an engine
     * that serializes tasks refuses them with the way that works instead.
     */
    private W wire(Callable<?> task) {
        try {
            return wireOfCall(task);
        } catch (IllegalArgumentException e) {
            Object inner = task instanceof RunnableCall<?> r ? r.task() : task;
            if (inner.getClass().getName().startsWith("java.util.concurrent.")) {
                throw new IllegalArgumentException("a task wrapped by the JDK (" + inner.getClass().getName()
                        + ") cannot run in another JVM: submit the task itself, and compose the returned "
                        + "CompletableFutures (CompletableFuture.anyOf/allOf, thenApply), or use imapUnordered for "
                        + "results in completion order", e);
            }
            throw e;
        }
    }

    private void enqueue(List<? extends PoolTask<?>> tasks) {
        long items = 0;
        for (PoolTask<?> t : tasks) {
            items += t.items();
        }
        backlog.addAll(tasks); // all or none
        submittedItems.addAndGet(items);
        dispatch();
    }

    @Override
    public <R> CompletableFuture<R> submit(SerializableCallable<R> task) {
        PoolTask<R> t = callTask(task);
        enqueue(List.of(t));
        return t;
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        PoolTask<T> t = callTask(task);
        enqueue(List.of(t));
        return t;
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return submit(new RunnableCall<>(Objects.requireNonNull(task, "task"), result));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submit(task, null);
    }

    @Override
    public void execute(Runnable command) {
        submit(command);
    }

    /** A runnable as a callable that stays serializable when the runnable is. */
    private record RunnableCall<T>(Runnable task, T result) implements Callable<T>, Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public T call() {
            task.run();
            return result;
        }
    }

    // ---- map ----------------------------------------------------------------------------------

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Collection<? extends T> items) {
        int perChunk = Math.max(1, Math.ceilDiv(items.size(), 4 * workers())); // Python's default chunking
        return map(fn, items, perChunk);
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> fn, Collection<? extends T> items,
                              int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        Require.argument(chunkSize >= 1, "chunkSize must be >= 1: chunkSize=%s", chunkSize);
        List<? extends T> all = new ArrayList<>(items);
        F function = wireOfFunction(fn);
        List<PoolTask<List<R>>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += chunkSize) {
            chunks.add(applyTask(fn, function, all.subList(from, Math.min(all.size(), from + chunkSize))));
        }
        enqueue(chunks);
        List<R> results = new ArrayList<>(all.size());
        try {
            for (PoolTask<List<R>> chunk : chunks) {
                results.addAll(join(chunk));
            }
        } finally {
            chunks.forEach(c -> c.cancel(false)); // after a failure: the rest is not wanted
        }
        return results;
    }

    <T, R> PoolTask<List<R>> applyTask(Function<? super T, ? extends R> fn, F function, List<? extends T> chunk) {
        List<T> items = new ArrayList<>(chunk); // a copy: the caller may change its collection afterwards
        Callable<List<R>> local = () -> {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(fn.apply(item));
            }
            return out;
        };
        return new PoolTask<>(this, ids.incrementAndGet(), local, items.size(), wireOfApply(function, items));
    }

    /** Waits for a task the way {@code map} and {@code imap} report failures: unchecked. */
    static <R> R join(Future<R> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    @Override
    public <T, R> Stream<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return lazy(fn, items, 1, true);
    }

    @Override
    public <T, R> Stream<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                          Iterable<? extends T> items) {
        return lazy(fn, items, 1, false);
    }

    @Override
    public <T, R> Stream<R> imap(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                 int chunkSize) {
        return lazy(fn, items, chunkSize, true);
    }

    @Override
    public <T, R> Stream<R> imapUnordered(SerializableFunction<? super T, ? extends R> fn,
                                          Iterable<? extends T> items, int chunkSize) {
        return lazy(fn, items, chunkSize, false);
    }

    private <T, R> Stream<R> lazy(SerializableFunction<? super T, ? extends R> fn, Iterable<? extends T> items,
                                  int chunkSize, boolean ordered) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Require.argument(chunkSize >= 1, "chunkSize must be >= 1: chunkSize=%s", chunkSize);
        Require.state(life.isRunning(), "the pool is shut down");
        int itemWindow = Math.max(32, 16 * workers()); // items in flight, whatever the chunk size
        int taskWindow = Math.max(2 * workers(), Math.ceilDiv(itemWindow, chunkSize));
        LazyResults<T, R, F> results = new LazyResults<>(this, fn, wireOfFunction(fn), items.iterator(),
                taskWindow, chunkSize, ordered);
        return StreamSupport.stream(results, false).onClose(results::cancel);
    }

    /** Submits one chunk for {@link LazyResults}. */
    <T, R> PoolTask<List<R>> submitChunk(Function<? super T, ? extends R> fn, F function, List<T> chunk) {
        PoolTask<List<R>> task = applyTask(fn, function, chunk);
        enqueue(List.of(task));
        return task;
    }

    // ---- invoke -------------------------------------------------------------------------------

    private <T> List<PoolTask<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<PoolTask<T>> all = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            all.add(callTask(t)); // every task checked before any is queued
        }
        enqueue(all);
        return all;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<PoolTask<T>> all = submitAll(tasks);
        try {
            for (PoolTask<T> t : all) {
                awaitQuietly(t, Long.MAX_VALUE);
            }
        } catch (InterruptedException e) {
            all.forEach(t -> t.cancel(true));
            throw e;
        }
        return List.copyOf(all);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<PoolTask<T>> all = submitAll(tasks);
        try {
            for (PoolTask<T> t : all) {
                awaitQuietly(t, deadline - System.nanoTime());
            }
        } finally {
            all.forEach(t -> t.cancel(true)); // no effect on completed ones
        }
        return List.copyOf(all);
    }

    private static void awaitQuietly(Future<?> f, long nanos) throws InterruptedException {
        try {
            f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // the caller reads the outcome from the future
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Require.argument(!tasks.isEmpty(), "no tasks");
        long deadline = System.nanoTime() + Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 2);
        List<PoolTask<T>> all = submitAll(tasks);
        LinkedBlockingQueue<PoolTask<T>> done = new LinkedBlockingQueue<>();
        all.forEach(t -> t.whenComplete((v, e) -> done.add(t)));
        try {
            ExecutionException last = null;
            for (int i = 0; i < all.size(); i++) {
                PoolTask<T> t = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (t == null) {
                    throw new TimeoutException("no task completed within " + Duration.ofNanos(unit.toNanos(timeout)));
                }
                try {
                    return t.get();
                } catch (ExecutionException | CancellationException e) {
                    last = e instanceof ExecutionException ee ? ee : new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            all.forEach(t -> t.cancel(true));
        }
    }

    // ---- life ---------------------------------------------------------------------------------

    @Override
    public int workers() {
        return options.workers();
    }

    @Override
    public void shutdown() {
        life.shutdown();
        if (backlog.close()) {
            drained();
        }
        life.checkTerminated();
    }

    @Override
    public List<Runnable> shutdownNow() {
        life.stop();
        List<Runnable> notStarted = new ArrayList<>(backlog.stop());
        notStarted.addAll(stopWorkers());
        life.checkTerminated();
        return notStarted;
    }

    @Override
    public boolean isShutdown() {
        return !life.isRunning();
    }

    @Override
    public boolean isTerminated() {
        return life.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return life.awaitTermination(timeout, unit);
    }
}
