package dev.multiproc;

import java.util.List;
import java.util.Optional;

/**
 * A {@link Context} over the agents of a cluster ({@link Context#cluster}): everything a context does, and
 * where the work runs. A worker goes to the least loaded agent by default (the fewest live workers of this
 * context; ties take turns), or to the agent named with {@link #workerOn}; a pool spreads its workers over
 * all agents. Whichever agent runs it, a worker is a child JVM there, with the same exit codes, failures,
 * {@code terminate}/{@code kill} and {@link ProcessOptions} as a local process worker; {@link Worker#pid()}
 * is its pid on that agent's host.
 */
public interface Cluster extends Context {

    /**
     * The agents now in the cluster.
     *
     * @return their addresses, {@code host:port}, in the cluster's member order
     */
    List<String> agents();

    /**
     * Creates a worker, not started yet, that will run on the agent {@code agent}.
     *
     * @param agent one of {@link #agents()}
     * @param target the task
     * @return the new worker
     * @throws IllegalArgumentException if no agent with that address is in the cluster (the message lists
     *         those that are)
     * @throws IllegalStateException if this context is closed
     */
    Worker workerOn(String agent, SerializableRunnable target);

    /**
     * Where a worker of this context runs.
     *
     * @param worker a worker of this context
     * @return its agent's address, {@code host:port}; empty before it starts, or for a worker of another context
     */
    Optional<String> agentOf(Worker worker);
}
