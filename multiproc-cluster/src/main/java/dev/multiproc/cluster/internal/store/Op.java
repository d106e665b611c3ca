package dev.multiproc.cluster.internal.store;

import java.io.Serializable;

/**
 * An atomic read-modify-write of one key, run where the key lives. Deterministic: it reads nothing but its
 * fields and the cell (no clock, no randomness), because backups replay it.
 *
 * @param <R> its result
 */
@FunctionalInterface
public interface Op<R> extends Serializable {

    /**
     * Reads and possibly changes the cell.
     *
     * @param cell the key's value
     * @return the result sent back to the caller
     */
    R apply(Cell cell);

    /** The value of one key during an {@link Op}. */
    interface Cell {
        /**
         * The value, or {@code null} when absent. It is the stored state itself (states are kept as objects, and
         * not copied for an entry processor): an op that changes it in place must {@link #set} it, or the change
         * is neither backed up nor remembered.
         */
        State get();

        /** Replaces the value; {@code null} removes it. The key's waiters are woken. */
        void set(State value);

        /**
         * Replaces the value without waking the key's waiters: for a change none of them waits for (an item taken
         * from a queue nobody may wait to put into). Each wake-up is an event sent to every JVM that waits.
         */
        void setQuietly(State value);
    }
}
