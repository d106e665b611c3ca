package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * A counting semaphore (Python's {@code Semaphore} and {@code BoundedSemaphore}), on every engine.
 *
 * <p>A bounded semaphore ({@link Context#boundedSemaphore(int)}) refuses a release that would raise the
 * count above its initial value.
 *
 * <p>Permits of a process that dies (process engine): unlike Python, where they are lost for good, they
 * come back. Each process's permits are counted in the semaphore; a waiter that finds no permit after a
 * sleep of about 50 ms gives back the permits of holders that died. A release by a process that holds none
 * (Python allows it) counts against some holder. Not recovered: a process that died in the instant between
 * taking a permit and counting it, or permits of more than 32 processes holding at once (the extra ones are
 * not counted).
 *
 * <p>A process that ends normally (its task returned or threw, {@code System.exit}, SIGTERM: whenever its
 * shutdown hooks run) leaves the permits it took taken, as in Python: a permit may be a signal that process
 * consumed, and must not be delivered twice. Only a death without hooks (SIGKILL, a crash,
 * {@code Runtime.halt}) gives them back. On a cluster the same holds for a worker whose task ends; a JVM that
 * leaves the cluster otherwise (its agent or host died, a pool's worker JVM ended) gives its permits back.
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
     * Takes {@code permits} permits at once, waiting until that many are available: all or none. A waiter for
     * several permits is not starved by waiters for fewer: while it waits, the permits it needs are kept for
     * it as they come back, and others take only what is left over (one such waiter at a time; the next waits
     * its turn).
     *
     * @param permits how many, at least 1
     * @throws IllegalArgumentException if {@code permits} is less than 1, or above a bounded semaphore's count
     * @throws InterruptedException if the thread is interrupted while waiting (no permit is taken)
     */
    void acquire(int permits) throws InterruptedException;

    /**
     * Takes {@code permits} permits at once, waiting at most {@code timeout}: all or none, as
     * {@link #acquire(int)}.
     *
     * @param permits how many, at least 1
     * @param timeout the longest wait
     * @return {@code true} if the permits were taken
     * @throws IllegalArgumentException if {@code permits} is less than 1, or above a bounded semaphore's count
     * @throws InterruptedException if the thread is interrupted while waiting (no permit is taken)
     */
    boolean tryAcquire(int permits, Duration timeout) throws InterruptedException;

    /**
     * Gives {@code permits} permits back (Python: {@code release(n)}), waking the waiters they may satisfy.
     *
     * @param permits how many, at least 1
     * @throws IllegalArgumentException if {@code permits} is less than 1
     * @throws IllegalStateException for a bounded semaphore, if the count would exceed its initial value; the
     *         count is then unchanged
     */
    void release(int permits);

    /**
     * The permits available now.
     *
     * @return the count
     */
    int availablePermits();
}
