package dev.multiproc;

import java.io.Serializable;

/**
 * A mutual-exclusion lock with Python's {@code Lock} semantics, on every engine: not reentrant, and
 * released by any thread or process (not only the one that acquired it).
 *
 * <p>On the process engine the lock lives in shared memory: captured by a task (or sent through a
 * queue), it arrives in the child attached to the same lock. If the process holding it dies, the lock can
 * be acquired again: the next acquirer proceeds, and {@link #previousOwnerDied()} tells it that the data
 * the lock protected may have been left half-updated.
 *
 * <p>Blocking acquires ({@link #lock()}, {@link #lockInterruptibly()}, {@link #tryLock(long, java.util.concurrent.TimeUnit)})
 * on the process engine spin briefly, then sleep in the kernel (futex) in bounded slices, so that an
 * interrupt, a timeout or a dead owner is noticed within tens of milliseconds.
 *
 * <p>Memory consistency effects: actions in a thread or process before {@link #unlock()} <i>happen-before</i>
 * actions after a later successful acquire of the same lock in any thread or process.
 */
public interface Lock extends java.util.concurrent.locks.Lock, Serializable {

    /**
     * Releases the lock. Any thread or process may release it, as in Python.
     *
     * @throws IllegalMonitorStateException if the lock is not locked
     */
    @Override
    void unlock();

    /**
     * A condition bound to this lock.
     *
     * @return a new condition
     */
    @Override
    Condition newCondition();

    /**
     * Tells whether some thread or process holds the lock now.
     *
     * @return {@code true} if locked
     */
    boolean isLocked();

    /**
     * Tells whether the current hold of this lock was taken over from a process that died while holding
     * it. The flag is set by the acquire that took the lock over and cleared by the next {@link #unlock()}.
     * Always {@code false} on the thread engines, where a holder cannot die without its process.
     *
     * @return {@code true} if the data this lock protects may be inconsistent
     */
    boolean previousOwnerDied();
}
