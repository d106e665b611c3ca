package dev.multiproc.cluster.internal.agent;

import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.internal.engine.ChildHook;

import java.util.List;

/**
 * In a warm spare that an agent started (the agent names its cluster and its own address in two system
 * properties, {@link AgentRuntime#spareFlags}): connects to that cluster while the spare waits, so that a worker
 * that uses a lock or a queue does not pay a first connection (~1.3 s) after its start. Any other JVM: nothing.
 */
public final class AgentSpareHook implements ChildHook {
    /** The system property an agent sets on its workers' JVMs: the cluster they run for. */
    static final String CLUSTER_PROPERTY = "multiproc.agent.cluster";

    @Override
    public void spareWaiting() {
        String name = System.getProperty(CLUSTER_PROPERTY);
        String members = System.getProperty(AgentRuntime.MEMBERS_PROPERTY);
        if (name != null && members != null) {
            Grid.jvm().connectAhead(new Grid.Ref(name, List.of(members.split(","))));
        }
    }
}
