package dev.multiproc.cluster.internal;

import dev.multiproc.ClusterFixture;
import dev.multiproc.ClusterOptions;
import dev.multiproc.ProcessOptions;

/**
 * The agents the core's contract suites run on here: two local agents, started on first use and shared by
 * every test of the run (each test joins them with a context of its own); they end with this JVM, since
 * they watch its lifeline.
 */
public final class ClusterAgentsFixture implements ClusterFixture {
    private static final String NAME = "multiproc-contracts-" + ProcessHandle.current().pid();
    private static LocalAgents agents;

    @Override
    public ClusterOptions options() {
        // No warm spares: a spare on an agent connects to the cluster while it waits (~1 s of CPU), and cases that
        // start workers in a burst keep more spares booting than they take; cold workers made the suite ~30 %
        // faster on 2 cores (spares on agents are ClusterEndToEndTest's)
        String[] addresses = addresses();
        return ClusterOptions.join(addresses).withClusterName(NAME).withSecretFile(agents.secretFile())
                .withProcessOptions(ProcessOptions.defaults().withWarmSpares(0));
    }

    private static synchronized String[] addresses() {
        if (agents == null) {
            agents = new LocalAgents(2, NAME, null);
            Runtime.getRuntime().addShutdownHook(new Thread(agents::close, "multiproc-contract-agents"));
        }
        return agents.addresses().toArray(String[]::new);
    }
}
