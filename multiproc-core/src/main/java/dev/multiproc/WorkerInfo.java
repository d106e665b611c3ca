package dev.multiproc;

/**
 * Which worker runs the calling code: see {@link Worker#current()}.
 *
 * @param name the worker's name ({@code <pool>-worker-<n>} for a pool's worker)
 * @param index a pool worker's place among its pool's workers, {@code 0} to {@code workers - 1} (a replacement
 *        takes the place of the worker it replaces); {@code -1} for a worker that is not a pool's
 * @param pid the process the worker runs in: its own JVM for a process worker, this JVM for a thread worker
 * @param parentPid the process that started the worker
 */
public record WorkerInfo(String name, int index, long pid, long parentPid) implements java.io.Serializable {
}
