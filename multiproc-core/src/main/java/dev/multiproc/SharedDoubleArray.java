package dev.multiproc;

import java.io.Serializable;

/**
 * A fixed-length array of {@code double} shared by every thread and process that holds this handle
 * (Python's {@code Array('d', n)}); each element has atomic, sequentially consistent operations.
 *
 * @throws IndexOutOfBoundsException from every indexed method when {@code i} is outside {@code [0, length())}
 */
public interface SharedDoubleArray extends Serializable {
    /** @return the number of elements */
    int length();

    /**
     * @param i the index
     * @return element {@code i}
     */
    double get(int i);

    /**
     * @param i the index
     * @param value the new value of element {@code i}
     */
    void set(int i, double value);

    /**
     * @param i the index
     * @param delta what to add to element {@code i}
     * @return its value after adding
     */
    double addAndGet(int i, double delta);
}
