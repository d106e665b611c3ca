package dev.multiproc.internal.engine;

import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;

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
