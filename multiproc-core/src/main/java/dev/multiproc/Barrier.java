package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A cyclic barrier for a fixed number of parties (Python's {@code Barrier}, Java's {@code CyclicBarrier}),
 * on every engine. When the last party arrives every waiter is released and the barrier can be used again.
 *
 * <p>The barrier breaks when a waiter times out, is interrupted, calls {@link #abort()}, or — on the
 * process engine — when a process dies while waiting at it: every waiter then gets
 * {@link BrokenBarrierException}, and so does every later {@code await} until {@link #reset()}.
 *
 * <p>Memory consistency effects: actions before {@code await()} in each party <i>happen-before</i> actions
 * after the matching {@code await()} returns in every other party.
 */
public interface Barrier extends Serializable {

    /**
     * Waits until every party has arrived.
     *
     * @return the arrival index: {@code parties() - 1} for the first to arrive, {@code 0} for the last
     * @throws InterruptedException if the thread is interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits at most {@code timeout} for every party.
     *
     * @param timeout the longest wait
     * @return the arrival index, as {@link #await()}
     * @throws InterruptedException if the thread is interrupted while waiting (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken
     * @throws TimeoutException if the time elapsed (the barrier breaks)
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier for current waiters and makes it usable again. */
    void reset();

    /** Breaks the barrier: every waiter, current and future, gets {@link BrokenBarrierException} until {@link #reset()}. */
    void abort();

    /**
     * The number of parties.
     *
     * @return the parties
     */
    int parties();

    /**
     * How many parties wait now.
     *
     * @return the waiting count
     */
    int numberWaiting();

    /**
     * Tells whether the barrier is broken.
     *
     * @return {@code true} if broken
     */
    boolean isBroken();
}
