/**
 * multiproc's cluster engine: {@code Context.cluster(...)} on Hazelcast Community Edition. Add it beside
 * {@code dev.multiproc}; the core finds it through the services below.
 */
module dev.multiproc.cluster {
    requires dev.multiproc;
    requires com.hazelcast.core;
    requires java.logging; // Hazelcast's loggers, whose level the engine sets

    provides dev.multiproc.internal.engine.ClusterEngine with dev.multiproc.cluster.internal.HazelcastEngine;
    provides dev.multiproc.internal.engine.ChildHook with dev.multiproc.cluster.internal.agent.AgentChildHook;
}
