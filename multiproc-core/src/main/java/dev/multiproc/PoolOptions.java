package dev.multiproc;

import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link Pool} runs. Immutable: every {@code with…} method returns a new value.
 *
 * @param workers how many workers run tasks at once, at least 1
 * @param maxTasksPerWorker after this many tasks a worker is replaced by a fresh one (Python:
 *        {@code maxtasksperchild}); 0 means never. A chunk of {@code map} counts as one task
 * @param initializer run once in each worker before its first task, or {@code null}; if it throws, the
 *        worker's first task fails with that exception and the worker is replaced
 * @param taskTimeout how long one task may run, or {@code null} for no limit; a chunk of {@code map} of n
 *        items may run n times as long
 * @param processOptions how the process engine launches worker JVMs, or {@code null} for the options of the
 *        pool's context; ignored by the thread engines
 * @param listener told of every item that ends and every worker replaced, in this JVM; {@code null} for none
 * @param gracePeriod how long a running task may take to end after it was interrupted for its timeout, a
 *        {@code cancel(true)} or {@code shutdownNow()}, before its worker JVM is killed (its {@code finally}
 *        blocks and its resources get that chance); {@link Duration#ZERO} kills at once. The future fails at
 *        once either way. A worker whose task ended within the grace period goes on serving. The thread engines
 *        only interrupt: a thread cannot be killed
 */
public record PoolOptions(int workers, int maxTasksPerWorker, SerializableRunnable initializer,
                          Duration taskTimeout, ProcessOptions processOptions, Duration gracePeriod,
                          PoolListener listener) {

    /** The default grace period: see {@code docs/decisions.md}. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(1);

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if {@code workers < 1}, {@code maxTasksPerWorker < 0} or the timeout
     *         is not positive
     */
    public PoolOptions {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1: workers=" + workers);
        }
        if (maxTasksPerWorker < 0) {
            throw new IllegalArgumentException("maxTasksPerWorker must be >= 0: maxTasksPerWorker=" + maxTasksPerWorker);
        }
        if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
            throw new IllegalArgumentException("taskTimeout must be positive: taskTimeout=" + taskTimeout);
        }
        java.util.Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative: gracePeriod=" + gracePeriod);
        }
    }

    /**
     * The options with the default grace period and no listener.
     *
     * @param workers how many workers run tasks at once
     * @param maxTasksPerWorker tasks before a worker is replaced, 0 for never
     * @param initializer run once in each worker, or {@code null}
     * @param taskTimeout how long one task may run, or {@code null}
     * @param processOptions how worker JVMs are launched, or {@code null}
     */
    public PoolOptions(int workers, int maxTasksPerWorker, SerializableRunnable initializer, Duration taskTimeout,
                       ProcessOptions processOptions) {
        this(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, DEFAULT_GRACE_PERIOD, null);
    }

    /**
     * One worker per CPU this process may use, workers never replaced, no initializer, no timeout, the
     * context's process options, {@link #DEFAULT_GRACE_PERIOD}.
     *
     * @return the defaults
     */
    public static PoolOptions defaults() {
        return new PoolOptions(Runtime.getRuntime().availableProcessors(), 0, null, null, null);
    }

    /**
     * Returns these options with another number of workers.
     *
     * @param workers at least 1
     * @return the new options
     */
    public PoolOptions withWorkers(int workers) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * Returns these options with workers replaced after {@code maxTasksPerWorker} tasks.
     *
     * @param maxTasksPerWorker at least 1, or 0 for never
     * @return the new options
     */
    public PoolOptions withMaxTasksPerWorker(int maxTasksPerWorker) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * Returns these options with an initializer run once in each worker.
     *
     * @param initializer the set-up, serializable for the process engine
     * @return the new options
     */
    public PoolOptions withInitializer(SerializableRunnable initializer) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * Returns these options with a deadline for each task.
     *
     * @param taskTimeout positive
     * @return the new options
     */
    public PoolOptions withTaskTimeout(Duration taskTimeout) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * Returns these options with their own JVM options for worker JVMs (heap cap, arguments, environment,
     * warm spares used to replace workers quickly).
     *
     * @param processOptions the options
     * @return the new options
     */
    public PoolOptions withProcessOptions(ProcessOptions processOptions) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * Returns these options with another grace period for interrupted tasks.
     *
     * @param grace how long an interrupted task may take to end before its worker JVM is killed; zero kills at once
     * @return the new options
     */
    public PoolOptions withGracePeriod(Duration grace) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, grace, listener);
    }

    /**
     * Returns these options with a listener, told of every item that ends and every worker replaced.
     *
     * @param listener called in this JVM, one call at a time; {@code null} for none
     * @return the new options
     */
    public PoolOptions withListener(PoolListener listener) {
        return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, processOptions, gracePeriod,
                listener);
    }

    /**
     * The task deadline, if one was set.
     *
     * @return the timeout
     */
    public Optional<Duration> taskTimeoutOption() {
        return Optional.ofNullable(taskTimeout);
    }
}
