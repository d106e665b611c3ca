package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * A counting semaphore (Python's {@code Semaphore} and {@code BoundedSemaphore}), on every engine.
 *
 * <p>A bounded semaphore ({@link Context#boundedSemaphore(int)}) refuses a release that would raise the
 * count above its initial value. A permit taken by a process that dies is not given back (as in Python):
 * use a {@link Lock}, which recovers from a dead holder, where that matters.
 *
 * <p>Memory consistency effects: actions before {@link #release()} <i>happen-before</i> actions after a
 * successful acquire that takes that permit, in any thread or process.
 */
public interface Semaphore extends Serializable {

    /**
     * Takes a permit, waiting until one is available.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit if one is available now.
     *
     * @return {@code true} if a permit was taken
     */
    boolean tryAcquire();

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return {@code true} if a permit was taken
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Gives a permit back, waking one waiter if there is one.
     *
     * @throws IllegalStateException for a bounded semaphore, if the count would exceed its initial value
     */
    void release();

    /**
     * The permits available now.
     *
     * @return the count
     */
    int availablePermits();
}
