package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to a {@link Lock} or {@link RLock} (Python's {@code Condition}), on every
 * engine. The calling thread must hold the lock to await or signal; awaiting releases it fully (all holds
 * of an {@code RLock}) and takes it back before returning.
 *
 * <p>Spurious wake-ups are possible, as the {@link java.util.concurrent.locks.Condition} contract allows:
 * await in a loop, or use {@link #awaitUntil(BooleanSupplier, Duration)}. On the process engine a waiter
 * re-checks at least every few tens of milliseconds, so a signal is never lost, even when the process it
 * woke died before it could take it.
 *
 * @throws IllegalMonitorStateException from every method when the lock is not held (by this thread, for an
 *         {@code RLock}; by anyone, for a {@code Lock})
 */
public interface Condition extends java.util.concurrent.locks.Condition, Serializable {

    /**
     * Waits until {@code predicate} is true or {@code timeout} elapses (Python's {@code wait_for}). The
     * predicate is evaluated with the lock held, first before any wait.
     *
     * @param predicate what to wait for
     * @param timeout the longest wait
     * @return the last value of the predicate: {@code false} only on timeout
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException;

    /**
     * The lock this condition is bound to: take it before awaiting or signalling (Python: {@code with cond:}).
     * For {@link Context#condition()} it is the new {@link RLock} the condition was made on.
     *
     * @return the lock
     */
    Lock lock();
}
