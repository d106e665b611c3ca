package dev.multiproc;

/**
 * A {@link Queue} that counts unfinished items (Python's {@code JoinableQueue}): every {@code put} adds
 * one, every {@link #taskDone()} removes one, and {@link #join()} waits until none is left.
 *
 * @param <T> the item type
 */
public interface JoinableQueue<T> extends Queue<T> {

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /**
     * Waits until every item put has been marked done.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void join() throws InterruptedException;
}
