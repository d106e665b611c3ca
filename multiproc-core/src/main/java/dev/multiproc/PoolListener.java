package dev.multiproc;

/**
 * Watches a pool ({@link PoolOptions#withListener}): a progress bar over a long {@code map}, a log of workers
 * that died. Called in the program's JVM (never in a worker), one call at a time, by the thread that learned
 * the news: keep each call short. An exception thrown by a call is printed once and otherwise ignored.
 */
public interface PoolListener {
    /**
     * A task or a map item ended: with a result, a failure or a cancellation. Once per item: a chunk of n map
     * items calls it n times.
     *
     * @param stats the counts, this item included
     */
    default void itemDone(PoolStats stats) {
    }

    /**
     * A worker died (a signal, {@code System.exit}, a crash, a task killed for its timeout) and another
     * takes its place. Thread workers do not die; a cluster's agents replace theirs without telling.
     *
     * @param deadPid the dead worker's process
     * @param exitCode how it ended, as {@link Worker#exitCode()} says
     * @param stats the counts, this replacement included
     */
    default void workerReplaced(long deadPid, int exitCode, PoolStats stats) {
    }
}
