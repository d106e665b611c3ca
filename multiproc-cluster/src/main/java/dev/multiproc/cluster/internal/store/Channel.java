package dev.multiproc.cluster.internal.store;

import java.util.function.BooleanSupplier;

/**
 * A native queue of encoded items, used only through calls that return at once: a wait happens here, in this
 * JVM, on {@link #until}. Why: a blocking take sent to the cluster and then abandoned by an interrupt stays
 * parked on the member and takes the next item for nobody (seen with Hazelcast's {@code IQueue.take}).
 */
public interface Channel {

    /**
     * Adds an item if there is room.
     *
     * @param item the encoded item
     * @return whether it was added
     */
    boolean offer(byte[] item);

    /**
     * Takes the head item if there is one.
     *
     * @return the item, or {@code null} when empty
     */
    byte[] poll();

    /**
     * How many items are in the queue.
     *
     * @return the count
     */
    int size();

    /**
     * Tries {@code attempt} until it succeeds or {@code nanos} pass, trying again whenever an item is added
     * or removed (and at least every {@link Watch#SLICE_MILLIS}).
     *
     * @param attempt a try made of this channel's calls
     * @param nanos the longest wait; {@code Long.MAX_VALUE} for none
     * @return whether an attempt succeeded
     * @throws InterruptedException if interrupted on entry or while waiting (never after a successful attempt)
     */
    boolean until(BooleanSupplier attempt, long nanos) throws InterruptedException;
}
