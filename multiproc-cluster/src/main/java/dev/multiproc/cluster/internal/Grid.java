package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import dev.multiproc.cluster.internal.store.Store;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This JVM's connections to clusters, one per cluster name: the agent's own member, or a Hazelcast client
 * opened on first use — a worker's child JVM connects when it first touches a cluster handle.
 */
public final class Grid {
    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();
    private static final Map<String, HazelcastInstance> INSTANCES = new ConcurrentHashMap<>();
    /** The clients opened here on first use of a handle, as opposed to {@link #register registered} ones. */
    private static final java.util.Set<HazelcastInstance> OPENED = ConcurrentHashMap.newKeySet();

    /** Held here: a logger nobody references may be collected, and its level with it. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static {
        // Hazelcast logs its banner and every membership change at INFO; keep warnings only.
        HAZELCAST_LOG.setLevel(Level.WARNING);
    }

    private Grid() {
    }

    /** Loads this class, so that Hazelcast's logging is quiet before an instance starts. */
    public static void quietLogs() {
        // the static initializer did it
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

        /** The store of this cluster in this JVM, connecting first if needed. */
        public Store store() {
            return STORES.computeIfAbsent(clusterName, n -> new HazelcastStore(instance(this)));
        }
    }

    /**
     * This JVM's instance for {@code ref}'s cluster: registered, or a new client.
     *
     * @param ref the cluster
     * @return the instance
     */
    public static HazelcastInstance instance(Ref ref) {
        return INSTANCES.computeIfAbsent(ref.clusterName(), n -> {
            HazelcastInstance client = newClient(ref);
            OPENED.add(client);
            return client;
        });
    }

    /**
     * Makes {@code hz} this JVM's instance of its cluster (an agent's member, a driver's client).
     *
     * @param clusterName the cluster's name
     * @param hz the instance
     */
    public static void register(String clusterName, HazelcastInstance hz) {
        INSTANCES.put(clusterName, hz);
        STORES.put(clusterName, new HazelcastStore(hz));
    }

    /**
     * Forgets a cluster's instance, after it was shut down.
     *
     * @param clusterName the cluster's name
     */
    public static void forget(String clusterName) {
        INSTANCES.remove(clusterName);
        STORES.remove(clusterName);
    }

    /** Shuts down the clients this JVM opened (a worker JVM at the end of its task); members stay. */
    public static void shutdownClients() {
        for (var e : INSTANCES.entrySet()) {
            if (OPENED.remove(e.getValue())) {
                forget(e.getKey());
                e.getValue().shutdown();
            }
        }
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
        ClusterSerializers.register(config.getSerializationConfig());
        config.addLabel("pid=" + ProcessHandle.current().pid()); // tells the agents' logs which JVM a client is
        // give up after 30 s instead of retrying forever: a dead cluster must not leave a call hanging
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
        return HazelcastClient.newHazelcastClient(config);
    }
}
