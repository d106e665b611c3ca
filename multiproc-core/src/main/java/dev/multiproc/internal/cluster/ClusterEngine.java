package dev.multiproc.internal.cluster;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Cluster;

import java.util.ServiceLoader;

/**
 * The service that the optional {@code multiproc-cluster} module provides; {@code Context.cluster} finds it
 * with {@link ServiceLoader}, so the core does not depend on the distributed engine.
 */
public interface ClusterEngine {

    /**
     * Opens a context on a cluster.
     *
     * @param options where the agents are
     * @return the context
     */
    Cluster open(ClusterOptions options);

    /**
     * Prepares a warm spare JVM that an agent started, before the spare waits for its task: a worker on an
     * agent usually touches the cluster, and a JVM's first connection to it costs most of a second. Nothing
     * by default.
     */
    default void warmSpare() {
    }

    /**
     * In a warm spare, before it waits for its task: lets the engine prepare it if an agent started it (the
     * agent sets {@link #AGENT_PROPERTY}). Never fails: warming is an optimisation.
     */
    static void warmSpareOfAgent() {
        if (System.getProperty(AGENT_PROPERTY) == null) {
            return;
        }
        try {
            find().warmSpare();
        } catch (RuntimeException e) {
            // the task connects itself, and reports what goes wrong
        }
    }

    /** The system property an agent sets on its workers' JVMs: the cluster they run for. */
    String AGENT_PROPERTY = "multiproc.agent.cluster";

    /**
     * The engine on the class or module path.
     *
     * @return the first provider found
     * @throws IllegalStateException if no provider is there, naming what to add
     */
    static ClusterEngine find() {
        return ServiceLoader.load(ClusterEngine.class, ClusterEngine.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(ClusterEngine.class).findFirst())
                .orElseThrow(() -> new IllegalStateException("Context.cluster needs the multiproc-cluster module: "
                        + "add the dependency dev.multiproc:multiproc-cluster (it brings Hazelcast) to the class path"));
    }
}
