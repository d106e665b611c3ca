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
 * @param <R> the result type
 */
public final class PoolTask<R> extends CompletableFuture<R> implements RunnableFuture<R> {
    private final PoolBase<?, ?> pool;
    private final long id;
    private final Callable<R> local;
    private final int items;
    private final Object wire;

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

    @Override
    public boolean complete(R value) {
        return counted(super.complete(value));
    }

    @Override
    public boolean completeExceptionally(Throwable cause) {
        return counted(super.completeExceptionally(cause));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean won = counted(super.cancel(mayInterruptIfRunning));
        if (won) {
            pool.cancelled(this, mayInterruptIfRunning);
        }
        return won;
    }

    /** Tells the pool when this call is the one that completed the task. */
    private boolean counted(boolean won) {
        if (won) {
            pool.finished();
        }
        return won;
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
            completeExceptionally(WorkerException.of(t));
            return;
        }
        complete(value);
    }

    @Override
    public String toString() {
        return "PoolTask[" + id + (items > 1 ? ", " + items + " items" : "") + ", " + state() + "]";
    }
}
