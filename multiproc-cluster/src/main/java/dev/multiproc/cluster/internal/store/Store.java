package dev.multiproc.cluster.internal.store;


/**
 * The narrow layer every cluster primitive is built on, so that another backend (Redisson, Hazelcast's CP
 * Subsystem) can slot in: an atomic update of one key, change notifications on one key, a queue,
 * and the identity of this JVM among the cluster's endpoints. Dead endpoints are reaped by the agents
 * through {@link State#reap(String)}.
 *
 * <p>Guarantees are those of the backend. On Hazelcast Community Edition an update is acknowledged once two
 * agents hold it, and a side of a network split that does not hear a majority of the agents acknowledges none
 * ({@link HazelcastStore#configure}); what stays open is a holder cut off on the other side, which goes on
 * believing it holds what the majority released.
 */
public interface Store {

    /**
     * The id of this JVM in the cluster (a Hazelcast member or client uuid): what states record as holder,
     * and what {@link State#reap(String)} receives when this JVM is gone.
     *
     * @return the id
     */
    String self();

    /**
     * Runs {@code op} atomically on the value of {@code key} (absent: {@code null}) where the value lives,
     * and returns its result. The op must be deterministic: backups replay it.
     *
     * @param key the key
     * @param op the read-modify-write
     * @param <R> the result type, serializable
     * @return what {@code op} returned
     */
    <R> R update(String key, Op<R> op);

    /**
     * As {@link #update}, for a try within a timed wait ({@link Deadline}): when the part of the cluster that
     * holds the key does not answer by the wait's deadline (plus {@link Deadline#MARGIN_NANOS}), the try counts
     * as failed, and the update is settled in the background: sent until it is answered, and if it did take
     * something, {@code undo} of its result is applied.
     *
     * @param key the key
     * @param op the read-modify-write
     * @param undo what reverses the op's effect, given its result; {@code null} when there is nothing to reverse
     * @param <R> the result type, serializable
     * @return what {@code op} returned
     */
    <R> R tryUpdate(String key, Op<R> op, java.util.function.Function<? super R, Op<?>> undo);

    /**
     * Removes the value of {@code key}.
     *
     * @param key the key
     */
    void remove(String key);

    /**
     * This JVM's notifications of changes of {@code key}: waits on the key go through it. Nothing is
     * registered until a wait announces itself.
     *
     * @param key the key
     * @return the watch
     */
    Watch watch(String key);

    /**
     * A queue of encoded items, in one key.
     *
     * @param name the queue's name
     * @param capacity its bound; {@code Integer.MAX_VALUE} for none
     * @return the queue
     */
    Channel queue(String name, int capacity);

    /**
     * Destroys a queue.
     *
     * @param name the queue's name
     */
    void destroyQueue(String name);
}
