package dev.multiproc.cluster.internal;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.internal.cluster.ClusterEngine;

/** The cluster engine on Hazelcast Community Edition, found by {@code Context.cluster} through ServiceLoader. */
public final class HazelcastEngine implements ClusterEngine {
    @Override
    public Context open(ClusterOptions options) {
        return new ClusterContext(options);
    }
}
