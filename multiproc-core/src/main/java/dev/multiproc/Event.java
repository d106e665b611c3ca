package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * A flag that threads or processes wait for (Python's {@code Event}), on every engine.
 *
 * <p>Memory consistency effects: actions before {@link #set()} <i>happen-before</i> actions after an
 * {@link #await()} that returns because of it, in any thread or process.
 */
public interface Event extends Serializable {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /**
     * Tells whether the flag is set.
     *
     * @return the flag
     */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the flag.
     *
     * @param timeout the longest wait
     * @return {@code true} if the flag is set
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    boolean await(Duration timeout) throws InterruptedException;
}
