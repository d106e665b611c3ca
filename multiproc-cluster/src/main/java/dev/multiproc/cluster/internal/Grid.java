package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.agent.AgentRuntime;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import dev.multiproc.cluster.internal.store.Store;
import dev.multiproc.cluster.internal.store.Uninterruptible;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's connections to clusters, one per cluster name: an agent's own member, or a Hazelcast client. A
 * context takes a {@link Lease} on its cluster's connection and closes it with the context; the last lease of a
 * client shuts it down. Handles find the connection by the cluster's name ({@link Ref#store()}), since they
 * travel to JVMs where no context exists: a worker's JVM connects when its task first touches one, and drops
 * its clients when its task ends ({@link #closeClients()}).
 */
/*
 * Implementation notes.
 *
 * One lock guards the map of connections. A Hazelcast client is connected outside it (a connection takes up to
 * a second; the first in a JVM most of one) by a Pending that callers of the same name wait for, so that two
 * first uses make one client.
 */
public final class Grid {
    private static final Grid JVM = new Grid();
    /** Hazelcast's property: how long a client waits for a silent member before it drops it. */
    static final String CLIENT_HEARTBEAT_TIMEOUT = "hazelcast.client.heartbeat.timeout";
    /** The agents' default silence (60 s), Hazelcast's 10 s between looks, and 5 s for the stop. */
    static final long DEFAULT_CLIENT_HEARTBEAT_TIMEOUT_MILLIS = 75_000;

    private final Object lock = new Object();
    private final Map<String, Connection> connections = new HashMap<>(); // guarded by lock
    private boolean clientsClosed; // guarded by lock: a worker's task ended; a client connecting now is shut down

    /** One cluster's connection here; {@code ours} for a client this JVM opened (an agent's member is not). */
    private static final class Connection {
        final HazelcastInstance instance;
        final Store store;
        final boolean ours;
        int leases; // guarded by the grid's lock

        Connection(HazelcastInstance instance, boolean ours) {
            this.instance = instance;
            this.store = new HazelcastStore(instance);
            this.ours = ours;
        }
    }

    private Grid() {
    }

    /** This JVM's connections. */
    public static Grid jvm() {
        return JVM;
    }

    /**
     * Where a cluster is: what every handle carries, so that it can reconnect in another JVM.
     *
     * @param clusterName the cluster's name
     * @param addresses members' {@code host:port}
     */
    public record Ref(String clusterName, List<String> addresses) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        public Ref {
            addresses = List.copyOf(addresses);
        }

        /**
         * The store of this cluster in this JVM, connecting first if needed; an interrupted caller gets it too
         * (making it creates a proxy on the cluster), and keeps its interrupt for its next wait.
         */
        public Store store() {
            return JVM.connection(this).store;
        }
    }

    /** A context's hold on its cluster's connection: closing the last lease of a client shuts the client down. */
    public final class Lease implements AutoCloseable {
        private final String clusterName;
        private final HazelcastInstance instance;
        private boolean closed; // guarded by the grid's lock

        private Lease(String clusterName, HazelcastInstance instance) {
            this.clusterName = clusterName;
            this.instance = instance;
        }

        public HazelcastInstance instance() {
            return instance;
        }

        @Override
        public void close() {
            HazelcastInstance shut = null;
            synchronized (lock) {
                Connection c = connections.get(clusterName);
                if (closed || c == null || c.instance != instance) {
                    return;
                }
                closed = true;
                if (--c.leases == 0 && c.ours) {
                    connections.remove(clusterName);
                    shut = instance;
                }
            }
            if (shut != null) {
                shut.shutdown();
            }
        }
    }

    /**
     * Takes a lease on {@code ref}'s cluster's connection for a context of this JVM: the one this JVM has, or a
     * new client. Contexts on one cluster share it, and so do the handles they make.
     *
     * @param ref the cluster
     * @return the lease, to close with the context
     */
    public Lease lease(Ref ref) {
        Connection c = connection(ref);
        synchronized (lock) {
            if (connections.get(ref.clusterName()) != c) {
                return lease(ref); // it went away meanwhile: take the new one
            }
            c.leases++;
            return new Lease(ref.clusterName(), c.instance);
        }
    }

    /**
     * This JVM's instance of {@code ref}'s cluster, connecting first if needed: for probes that compare with raw
     * Hazelcast in a worker's JVM.
     *
     * @param ref the cluster
     * @return the member or client
     */
    public HazelcastInstance instance(Ref ref) {
        return connection(ref).instance;
    }

    /** The connection of {@code ref}'s cluster, opening a client if there is none, or if its client gave up. */
    private Connection connection(Ref ref) {
        synchronized (lock) {
            Connection c = connections.get(ref.clusterName());
            if (c != null && (!c.ours || c.instance.getLifecycleService().isRunning())) {
                return c;
            }
            connections.remove(ref.clusterName()); // a client that gave up on a cluster that went away
            // Connect under the lock: a first connection must be made once, and callers of other clusters are
            // rare (one cluster per JVM in practice). A store's proxy is made here too, even if interrupted.
            Connection made = Uninterruptible.call(() -> new Connection(newClient(ref), true));
            connections.put(ref.clusterName(), made);
            if (clientsClosed) {
                connections.remove(ref.clusterName());
                made.instance.shutdown(); // the task ended while this connected: nothing may hold the JVM open
            }
            return made;
        }
    }

    /**
     * Makes {@code member} this JVM's connection to its cluster: an agent's member, never shut down here.
     *
     * @param clusterName the cluster's name
     * @param member the agent's instance
     */
    public void registerMember(String clusterName, HazelcastInstance member) {
        synchronized (lock) {
            connections.put(clusterName, new Connection(member, false));
        }
    }

    /**
     * Connects to {@code ref}'s cluster in the background, as a first use would: what a warm spare on an agent does
     * while it waits for its task. A handle touched meanwhile waits for that connection instead of making another.
     * Measured (a worker on an agent with a warm spare, start to join): empty task 70 -> 84 ms, a task that takes
     * and releases a cluster lock 1 330 -> 130 ms.
     *
     * @param ref the cluster
     */
    public void connectAhead(Ref ref) {
        HazelcastLogs.errorsOnly(); // nobody uses this JVM yet
        Thread.ofPlatform().daemon().name("multiproc-connect-ahead").start(() -> {
            try {
                // a JVM's first connect and first close load their classes (~0.8 s and ~80 ms, measured): do
                // both here, then keep a second client (~30 ms) for the task; its close at the end is ~10 ms
                newClient(ref).shutdown();
                connection(ref);
            } catch (RuntimeException e) {
                // the task connects itself, and reports what goes wrong
            }
        });
    }

    /** A worker's task ended in this JVM: the clients it opened are shut down (an agent's member stays). */
    public void closeClients() {
        List<HazelcastInstance> shut = new java.util.ArrayList<>();
        synchronized (lock) {
            clientsClosed = true;
            connections.values().removeIf(c -> c.ours && shut.add(c.instance));
        }
        shut.forEach(HazelcastInstance::shutdown);
    }

    /**
     * A client of {@code ref}'s cluster.
     *
     * @param ref the cluster
     * @return the connected client
     */
    public static HazelcastInstance newClient(Ref ref) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(ref.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(ref.addresses());
        // a smart client waits for the backups' acks itself: when the backup's member dies, 5 s by default
        config.setProperty("hazelcast.client.operation.backup.timeout.millis", HazelcastStore.BACKUP_ACK_MILLIS);
        // ...and fails the call if they do not come: an update is acknowledged only once a second agent has it,
        // and one that fails is sent again under its number (HazelcastStore), so no side of a split acknowledges
        // what the other will not have
        config.setProperty("hazelcast.client.operation.fail.on.indeterminate.state", "true");
        ClusterSerializers.register(config.getSerializationConfig());
        config.addLabel("pid=" + ProcessHandle.current().pid()); // tells the agents' logs which JVM a client is
        String agent = System.getProperty(AgentRuntime.MEMBERS_PROPERTY);
        if (agent != null) { // a worker of that agent: which agents' silence may mean it runs on, cut off
            config.addLabel(AgentRuntime.AGENT_LABEL + agent);
        }
        // A silent agent is dropped after 75 s, not Hazelcast's 60: then its workers are reported dead (exit -9)
        // only after it has stopped them, which a cut-off agent does once it notices their owner gone (its 60 s
        // by default, plus up to 10 s between Hazelcast's looks). Agents run with a shorter --heartbeat-timeout
        // may be matched by setting the system property; it is left alone when set.
        if (System.getProperty(CLIENT_HEARTBEAT_TIMEOUT) == null) {
            config.setProperty(CLIENT_HEARTBEAT_TIMEOUT, Long.toString(DEFAULT_CLIENT_HEARTBEAT_TIMEOUT_MILLIS));
        }
        // give up after 30 s instead of retrying forever: a dead cluster must not leave a call hanging
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return HazelcastClient.newHazelcastClient(config);
    }
}
