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
     * takes its place. Thread workers do not die. On a cluster: a worker that died running a task, and a
     * worker whose agent left the cluster ({@code deadPid} -1, {@code exitCode} -9: its place moves to another
     * agent); a worker its agent killed for a timeout is replaced there without a report.
     *
     * @param deadPid the dead worker's process, -1 if unknown
     * @param exitCode how it ended, as {@link Worker#exitCode()} says
     * @param stats the counts, this replacement included
     */
    default void workerReplaced(long deadPid, int exitCode, PoolStats stats) {
    }
}
