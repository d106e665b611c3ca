package dev.multiproc.cluster.internal;

import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.cluster.internal.agent.AgentRuntime;
import dev.multiproc.internal.cluster.ClusterEngine;

import java.util.List;

/** The cluster engine on Hazelcast Community Edition, found by {@code Context.cluster} through ServiceLoader. */
public final class HazelcastEngine implements ClusterEngine {
    @Override
    public Cluster open(ClusterOptions options) {
        return new ClusterContext(options);
    }

    /** Connects a spare ahead to the cluster of the agent that started it ({@link AgentRuntime#spareFlags}). */
    @Override
    public void warmSpare() {
        String name = System.getProperty(AGENT_PROPERTY);
        String members = System.getProperty(AgentRuntime.MEMBERS_PROPERTY);
        if (name != null && members != null) {
            Grid.connectAhead(new Grid.Ref(name, List.of(members.split(","))));
        }
    }
}
