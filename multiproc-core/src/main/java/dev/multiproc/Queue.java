package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * A FIFO queue for many producers and many consumers (Python's {@code multiprocessing.Queue}), on every
 * engine, bounded or unbounded.
 *
 * <p>On the process engine every item is serialized in the caller's thread before {@code put}/{@code offer}
 * returns: an item that cannot be serialized fails there with {@link IllegalArgumentException} naming its
 * class, and the queue stays usable (Python drops such an item silently). Each item is delivered to exactly
 * one consumer. A producer or consumer that dies at any moment leaves the queue consistent: a consumer loses
 * at most the item it had already taken. Items of any size travel; large ones through a shared-memory
 * segment of their own. On the thread engines items are passed by reference.
 *
 * <p>An unbounded queue on the process engine holds its items in shared memory, not in the producer's heap
 * (as Python's does): a 32 MiB ring, whose pages are used only as far as a backlog reaches, and while that is
 * full, a chain of blocks of 4 MiB growing to 64 MiB each. A producer far ahead of its consumers therefore
 * costs memory in proportion to the bytes waiting (5 million Integers: 4 files, 76 MiB of {@code /dev/shm}),
 * survives the producer's death, and drains at the ring's speed; the blocks are removed as they drain, and
 * with their context (the ring's pages with their context).
 *
 * <p>Memory consistency effects: actions before {@code put} <i>happen-before</i> actions after the
 * {@code take} that returns that item, in any thread or process.
 *
 * @param <T> the item type
 */
public interface Queue<T> extends Serializable {

    /**
     * Adds an item, waiting for room in a bounded queue.
     *
     * @param item the item, may be {@code null}
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the item cannot be serialized (process engine)
     */
    void put(T item) throws InterruptedException;

    /**
     * Adds an item if there is room now.
     *
     * @param item the item
     * @return {@code true} if added
     * @throws IllegalArgumentException if the item cannot be serialized (process engine)
     */
    boolean offer(T item);

    /**
     * Adds an item, waiting at most {@code timeout} for room.
     *
     * @param item the item
     * @param timeout the longest wait
     * @return {@code true} if added
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the item cannot be serialized (process engine)
     */
    boolean offer(T item, Duration timeout) throws InterruptedException;

    /**
     * Removes the oldest item, waiting for one.
     *
     * @return the item
     * @throws InterruptedException if interrupted while waiting
     */
    T take() throws InterruptedException;

    /**
     * Removes the oldest item if there is one.
     *
     * @return the item, or {@code null} when empty
     */
    T poll();

    /**
     * Removes the oldest item, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return the item, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    T poll(Duration timeout) throws InterruptedException;

    /**
     * The number of items in the queue, exact at the moment of the call.
     *
     * @return the size
     */
    int size();

    /**
     * How many more items the queue takes now before a {@code put} blocks (the JDK's
     * {@code BlockingQueue.remainingCapacity()}; Python's {@code maxsize - qsize()}).
     *
     * @return the room left, or {@link Integer#MAX_VALUE} for an unbounded queue
     */
    int remainingCapacity();

    /**
     * Tells whether the queue is empty at the moment of the call.
     *
     * @return {@code true} if empty
     */
    boolean isEmpty();

    /** Says that this handle will put no more items (Python's {@code close()}); later puts through it throw. */
    void close();
}
