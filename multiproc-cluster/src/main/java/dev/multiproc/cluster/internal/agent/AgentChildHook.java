package dev.multiproc.cluster.internal.agent;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.internal.engine.ChildHook;
import dev.multiproc.internal.engine.Jvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster engine in the worker JVMs an agent starts (the agent names its cluster and its own address in two
 * system properties, {@link AgentRuntime#spareFlags}): a warm spare connects to that cluster while it waits, so
 * that a worker that uses a lock or a queue does not pay a first connection (~1.3 s) after its start; and the
 * children's AOT cache covers Hazelcast's jar and this engine's, trained on such a connection, which takes a
 * JVM's first client from ~1.3 s and ~2.3 s of CPU to ~0.35 s and ~1 s. In any other JVM, the jars are
 * covered but nothing connects.
 */
public final class AgentChildHook implements ChildHook {
    /** The system property an agent sets on its workers' JVMs: the cluster they run for. */
    static final String CLUSTER_PROPERTY = "multiproc.agent.cluster";

    @Override
    public void spareWaiting() {
        agentsCluster().ifPresent(Grid.jvm()::connectAhead);
    }

    @Override
    public List<Path> childJars() {
        List<Path> jars = new ArrayList<>();
        Jvm.jarOf(AgentChildHook.class).ifPresent(jars::add);
        Jvm.jarOf(HazelcastInstance.class).ifPresent(jars::add);
        return jars;
    }

    /** A worker's first connection and close, as {@link Grid#connectAhead} makes them. */
    @Override
    public void train() {
        agentsCluster().ifPresent(ref -> {
            Grid.newClient(ref).shutdown();
            Grid.newClient(ref).shutdown();
        });
    }

    /** The cluster of the agent that started this JVM, if one did. */
    private static Optional<Grid.Ref> agentsCluster() {
        String name = System.getProperty(CLUSTER_PROPERTY);
        String members = System.getProperty(AgentRuntime.MEMBERS_PROPERTY);
        return name == null || members == null ? Optional.empty()
                : Optional.of(new Grid.Ref(name, List.of(members.split(","))));
    }
}
