package dev.multiproc;

/**
 * A reentrant lock (Python's {@code RLock}): owned by one thread of one process, acquired again by its
 * owner without blocking, released once per acquire.
 *
 * <p>{@link #unlock()} by a thread that does not own the lock throws {@link IllegalMonitorStateException}.
 * As for {@link Lock}, a lock whose owner process died can be acquired again, and the new owner is told
 * so by {@link #previousOwnerDied()}.
 */
public interface RLock extends Lock {

    /**
     * Releases one hold of the lock.
     *
     * @throws IllegalMonitorStateException if the current thread does not own the lock
     */
    @Override
    void unlock();

    /**
     * Tells whether the current thread (of this process) owns the lock.
     *
     * @return {@code true} if the current thread holds it
     */
    boolean isHeldByCurrentThread();

    /**
     * How many times the current thread holds the lock.
     *
     * @return the hold count, 0 if the current thread does not own the lock
     */
    int holdCount();
}
