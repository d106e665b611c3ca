package dev.multiproc;

/**
 * A pool's counts at one moment ({@link Pool#stats()}, {@link PoolListener}). Items are map items (a chunk of
 * n counts n) or plain tasks (one each).
 *
 * @param workers the pool's size
 * @param queued items submitted that no worker has been handed yet
 * @param running tasks (a chunk counts once) handed to workers and not finished, at most {@code workers}; a
 *        process worker may hold a few tasks ahead of the one it runs, which count here
 * @param completed items that ended with a result
 * @param failed items that ended with an exception (their task's failure, a worker's death, a timeout)
 * @param cancelled items cancelled before they ended
 * @param workersReplaced workers that died (process and cluster engines) and were replaced
 */
public record PoolStats(int workers, long queued, long running, long completed, long failed, long cancelled,
                        long workersReplaced) implements java.io.Serializable {
}
