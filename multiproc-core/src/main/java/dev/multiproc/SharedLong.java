package dev.multiproc;

import java.io.Serializable;

/**
 * A {@code long} shared by every thread and process that holds this handle (Python's {@code Value('q')}),
 * with atomic updates that never lose one: all operations are atomic and sequentially consistent (volatile
 * semantics), across processes too.
 */
public interface SharedLong extends Serializable {
    /** @return the value */
    long get();

    /** @param value the new value */
    void set(long value);

    /** @return the value after adding 1 */
    long incrementAndGet();

    /**
     * @param delta what to add
     * @return the value after adding
     */
    long addAndGet(long delta);

    /**
     * @param delta what to add
     * @return the value before adding
     */
    long getAndAdd(long delta);

    /**
     * Sets the value if it equals {@code expected}.
     *
     * @param expected the value it must have
     * @param value the new value
     * @return {@code true} if it was set
     */
    boolean compareAndSet(long expected, long value);
}
