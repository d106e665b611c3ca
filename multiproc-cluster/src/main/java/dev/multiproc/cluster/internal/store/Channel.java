package dev.multiproc.cluster.internal.store;

/**
 * A queue of encoded items, used only through calls that return at once: a wait happens here, in this JVM, on
 * {@link #changes()}. Why: a blocking take sent to the cluster and then abandoned by an interrupt stays parked on
 * the member and takes the next item for nobody (seen with Hazelcast's {@code IQueue.take}).
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
     * This JVM's notifications of items added or removed: waits on the queue go through it.
     *
     * @return the watch
     */
    Watch changes();
}
