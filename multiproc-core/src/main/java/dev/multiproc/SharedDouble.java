package dev.multiproc;

import java.io.Serializable;

/**
 * A {@code double} shared by every thread and process that holds this handle (Python's {@code Value('d')}),
 * with atomic, sequentially consistent operations. {@link #compareAndSet} compares bit patterns, as
 * {@code AtomicLong} over {@link Double#doubleToRawLongBits} would.
 */
public interface SharedDouble extends Serializable {
    /** @return the value */
    double get();

    /** @param value the new value */
    void set(double value);

    /**
     * @param delta what to add
     * @return the value after adding
     */
    double addAndGet(double delta);

    /**
     * Sets the value if its bits equal those of {@code expected}.
     *
     * @param expected the value it must have
     * @param value the new value
     * @return {@code true} if it was set
     */
    boolean compareAndSet(double expected, double value);
}
