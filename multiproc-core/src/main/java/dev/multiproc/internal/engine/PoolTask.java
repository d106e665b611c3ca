package dev.multiproc.internal.engine;

import dev.multiproc.WorkerException;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One task of a pool and its future. It carries the work twice: as a {@link Callable} of this JVM (what
 * thread engines run, and what a caller of {@code shutdownNow()} may run itself) and in the engine's wire
 * form, made at submission so that a task that cannot be sent fails in the caller.
 *
 * <p>Every way of completing it (a result, a failure, a cancellation) tells the pool once, which is how the
 * pool counts outstanding work. A cancellation also tells the engine, which stops the task if it runs.
 *
 * <p>Only the pool decides the outcome: engines call {@link #succeed} and {@link #fail}; the public
 * {@code complete}, {@code completeExceptionally} and {@code obtrude…} of {@link CompletableFuture} change
 * nothing (callers hold this as a {@code CompletableFuture}, and a caller's {@code complete} must not pass for
 * the task's result). {@code cancel} keeps its meaning: the task is stopped.
 *
 * @param <R> the result type
 */
public final class PoolTask<R> extends CompletableFuture<R> implements RunnableFuture<R> {
    private final PoolBase<?, ?> pool;
    private final long id;
    private final Callable<R> local;
    private final int items;
    private final Object wire;
    /** Whether a worker holds it (for the pool's counts); flipped back when it is given back or ends. */
    private final java.util.concurrent.atomic.AtomicBoolean handedOut = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set by the one call that ends the task, before the future completes: the pool counts the end first. */
    @SuppressWarnings("unused") // through SETTLED: a field, not one more object per task
    private volatile boolean settled;
    private static final java.lang.invoke.VarHandle SETTLED;

    static {
        try {
            SETTLED = java.lang.invoke.MethodHandles.lookup().findVarHandle(PoolTask.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    PoolTask(PoolBase<?, ?> pool, long id, Callable<R> local, int items, Object wire) {
        this.pool = pool;
        this.id = id;
        this.local = local;
        this.items = items;
        this.wire = wire;
    }

    /** A number unique in its pool, increasing in submission order. */
    public long id() {
        return id;
    }

    /** How many map items the task carries (1 for a plain task): its timeout is this many times the pool's. */
    public int items() {
        return items;
    }

    /** The engine's form of the work, made by {@link PoolBase} at submission; {@code null} on thread engines. */
    Object wire() {
        return wire;
    }

    /** Waits as {@link CompletableFuture#get()} does, after letting the engine help the task along briefly. */
    @Override
    public R get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            pool.beforeWait(this, Long.MAX_VALUE);
        }
        return super.get();
    }

    /** Waits as {@link CompletableFuture#get(long, TimeUnit)} does, the engine's help counted in the timeout. */
    @Override
    public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = unit.toNanos(timeout);
        if (isDone() || nanos <= 0) {
            return super.get(timeout, unit);
        }
        long start = System.nanoTime();
        pool.beforeWait(this, nanos);
        return super.get(Math.max(0, nanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    }

    /**
     * The task's result, from its engine.
     *
     * @return whether this call completed the task
     */
    public boolean succeed(R value) {
        if (!settle(PoolBase.Outcome.COMPLETED)) {
            return false;
        }
        super.complete(value);
        pool.finished();
        return true;
    }

    /**
     * The task's failure, from its engine or its pool.
     *
     * @return whether this call completed the task
     */
    public boolean fail(Throwable cause) {
        if (!settle(PoolBase.Outcome.FAILED)) {
            return false;
        }
        super.completeExceptionally(cause);
        pool.finished();
        return true;
    }

    /** Changes nothing: only the pool completes its tasks ({@link #cancel} stops one). */
    @Override
    public boolean complete(R value) {
        return false;
    }

    /** Changes nothing: only the pool completes its tasks ({@link #cancel} stops one). */
    @Override
    public boolean completeExceptionally(Throwable cause) {
        return false;
    }

    /** Changes nothing: only the pool completes its tasks. */
    @Override
    public void obtrudeValue(R value) {
        // the outcome is the pool's
    }

    /** Changes nothing: only the pool completes its tasks. */
    @Override
    public void obtrudeException(Throwable ex) {
        // the outcome is the pool's
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!settle(PoolBase.Outcome.CANCELLED)) {
            return false;
        }
        super.cancel(mayInterruptIfRunning);
        pool.finished();
        pool.cancelled(this, mayInterruptIfRunning);
        return true;
    }

    /**
     * Wins the right to end the task, and has the pool count the end before the future completes, so that
     * whoever sees it done (a {@code map} that returns, a caller of {@code get}) finds it in the stats.
     */
    private boolean settle(PoolBase.Outcome outcome) {
        if (!SETTLED.compareAndSet(this, false, true)) {
            return false;
        }
        pool.settled(this, outcome);
        return true;
    }

    /** A worker was handed this task: {@code false} if it already was. */
    boolean handOut() {
        return handedOut.compareAndSet(false, true);
    }

    /** The worker gave it back or it ended: {@code true} if a worker held it until now. */
    boolean takeBack() {
        return handedOut.compareAndSet(true, false);
    }

    /**
     * Runs the task in the calling thread, unless it is already done: how thread engines run it, and
     * how the caller of {@code shutdownNow()} may run what never started. A failure is kept as a
     * {@link WorkerException}, as on every engine.
     */
    @Override
    public void run() {
        if (isDone()) {
            return;
        }
        R value;
        try {
            value = local.call();
        } catch (Throwable t) {
            fail(WorkerException.of(t));
            return;
        }
        succeed(value);
    }

    @Override
    public String toString() {
        return "PoolTask[" + id + (items > 1 ? ", " + items + " items" : "") + ", " + state() + "]";
    }
}
