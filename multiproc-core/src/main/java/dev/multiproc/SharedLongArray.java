package dev.multiproc;

import java.io.Serializable;

/**
 * A fixed-length array of {@code long} shared by every thread and process that holds this handle (Python's
 * {@code Array('q', n)}); each element has atomic, sequentially consistent operations.
 *
 * @throws IndexOutOfBoundsException from every indexed method when {@code i} is outside {@code [0, length())}
 */
public interface SharedLongArray extends Serializable {
    /** @return the number of elements */
    int length();

    /**
     * @param i the index
     * @return element {@code i}
     */
    long get(int i);

    /**
     * @param i the index
     * @param value the new value of element {@code i}
     */
    void set(int i, long value);

    /**
     * @param i the index
     * @param delta what to add to element {@code i}
     * @return its value after adding
     */
    long addAndGet(int i, long delta);

    /**
     * @param i the index
     * @param expected the value element {@code i} must have
     * @param value its new value
     * @return {@code true} if it was set
     */
    boolean compareAndSet(int i, long expected, long value);
}
