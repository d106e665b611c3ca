package dev.multiproc.cluster.internal;

import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.internal.engine.ClusterEngine;

/** The cluster engine on Hazelcast Community Edition, found by {@code Context.cluster} through ServiceLoader. */
public final class HazelcastEngine implements ClusterEngine {
    @Override
    public Cluster open(ClusterOptions options) {
        return new ClusterContext(options);
    }
}
