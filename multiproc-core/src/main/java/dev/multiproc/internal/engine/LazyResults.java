package dev.multiproc.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The results of {@code imap}/{@code imapUnordered}: reads the input only as results are consumed,
 * keeping at most {@code window} tasks in flight, so that an endless input works and memory stays flat.
 * Each task carries {@code chunkSize} items (Python's {@code imap} default is 1), read from the input as the
 * task is made. Used by one thread, as streams are.
 *
 * <p>When the input fails (its iterator throws, or an item cannot be sent), the results of the items before
 * it are delivered first and then the input's exception is thrown, as CPython's {@code imap} does.
 */
final class LazyResults<T, R, F> implements Spliterator<R> {
    private final PoolBase<?, F> pool;
    private final Function<? super T, ? extends R> fn;
    private final F function;
    private final Iterator<? extends T> source;
    private final int window;
    private final int chunkSize;
    private final boolean ordered;
    private final ArrayDeque<PoolTask<List<R>>> inFlight = new ArrayDeque<>();
    private final LinkedBlockingQueue<PoolTask<List<R>>> completed = new LinkedBlockingQueue<>();
    private final ArrayDeque<R> ready = new ArrayDeque<>();
    private RuntimeException inputFailure; // thrown once the results before it are delivered
    private boolean inputEnded;

    LazyResults(PoolBase<?, F> pool, Function<? super T, ? extends R> fn, F function, Iterator<? extends T> source,
                int window, int chunkSize, boolean ordered) {
        this.pool = pool;
        this.fn = fn;
        this.function = function;
        this.source = source;
        this.window = window;
        this.chunkSize = chunkSize;
        this.ordered = ordered;
    }

    @Override
    public boolean tryAdvance(Consumer<? super R> action) {
        while (ready.isEmpty()) {
            fill();
            if (inFlight.isEmpty()) {
                return failInput();
            }
            ready.addAll(PoolBase.join(next()));
        }
        action.accept(ready.poll());
        return true;
    }

    /** Ends the results: with the input's failure if there was one (once), else normally. */
    private boolean failInput() {
        RuntimeException e = inputFailure;
        inputFailure = null;
        if (e != null) {
            throw e;
        }
        return false;
    }

    private void fill() {
        while (!inputEnded && inFlight.size() < window) {
            List<T> chunk = readChunk();
            if (!chunk.isEmpty()) {
                submit(chunk);
            }
        }
    }

    /** Up to {@code chunkSize} items; ends the input when it runs out or fails (null items are allowed). */
    private List<T> readChunk() {
        List<T> chunk = new ArrayList<>(Math.min(chunkSize, 1024));
        try {
            while (chunk.size() < chunkSize) {
                if (!source.hasNext()) {
                    inputEnded = true;
                    break;
                }
                chunk.add(source.next());
            }
        } catch (RuntimeException e) { // the input failed: what came before it is still delivered first
            inputEnded = true;
            inputFailure = e;
        }
        return chunk;
    }

    /**
     * Sends a chunk. One that cannot be sent (an item that cannot be serialized) is sent item by item up to
     * the bad one, whose failure ends the input: the items before it are still delivered, as with chunk size 1.
     */
    private void submit(List<T> chunk) {
        try {
            add(pool.submitChunk(fn, function, chunk));
        } catch (RuntimeException e) {
            if (chunk.size() == 1) {
                inputEnded = true;
                inputFailure = e;
                return;
            }
            for (T item : chunk) {
                submit(java.util.Collections.singletonList(item));
                if (inputFailure != null) {
                    return;
                }
            }
        }
    }

    private void add(PoolTask<List<R>> task) {
        inFlight.add(task);
        if (!ordered) {
            task.whenComplete((v, e) -> completed.add(task));
        }
    }

    private PoolTask<List<R>> next() {
        if (ordered) {
            return inFlight.poll();
        }
        try {
            PoolTask<List<R>> done = completed.take();
            inFlight.remove(done);
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Cancels what is outstanding (the stream was closed); tasks already running finish. */
    void cancel() {
        inFlight.forEach(t -> t.cancel(false));
        inFlight.clear();
    }

    @Override
    public Spliterator<R> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return ordered ? ORDERED : 0;
    }
}
