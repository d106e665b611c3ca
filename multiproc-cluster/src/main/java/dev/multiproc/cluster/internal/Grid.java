package dev.multiproc.cluster.internal;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import dev.multiproc.cluster.internal.store.Store;
import dev.multiproc.cluster.internal.store.Uninterruptible;

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

    /** How many contexts of this JVM use each cluster's connection ({@link #acquire}); guarded by Grid.class. */
    private static final Map<String, Integer> USERS = new java.util.HashMap<>();

    /** Set once a worker's task has ended: a client that connects after it is shut down at once. */
    private static volatile boolean clientsClosed;

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

    /** A worker's task begins in this JVM: Hazelcast's warnings concern somebody now (see {@link #connectAhead}). */
    public static void taskStarted() {
        HAZELCAST_LOG.setLevel(Level.WARNING);
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
            Store s = STORES.get(clusterName);
            return s != null ? s : Uninterruptible.call(
                    () -> STORES.computeIfAbsent(clusterName, n -> new HazelcastStore(instance(this))));
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
     * A client of {@code ref}'s cluster for a context of this JVM: the one this JVM has, or a new one. Contexts
     * on the same cluster share it, and so do the handles they make (a handle finds its connection by the
     * cluster's name): a context that closes must not take the connection from under another one's handles.
     *
     * @param ref the cluster
     * @return the connection, until {@link #release}
     */
    public static synchronized HazelcastInstance acquire(Ref ref) {
        HazelcastInstance current = INSTANCES.get(ref.clusterName());
        if (current != null && OPENED.contains(current) && !current.getLifecycleService().isRunning()) {
            OPENED.remove(current); // gave up on a cluster that went away: connect anew
            forget(ref.clusterName());
        }
        HazelcastInstance hz = instance(ref);
        ref.store(); // made now: a handle's first use may come from an interrupted thread
        USERS.merge(ref.clusterName(), 1, Integer::sum);
        return hz;
    }

    /**
     * A context of this JVM is done with its cluster's connection: the last one shuts a client down (an agent's
     * member stays).
     *
     * @param clusterName the cluster's name
     */
    public static synchronized void release(String clusterName) {
        if (USERS.merge(clusterName, -1, Integer::sum) > 0) {
            return;
        }
        USERS.remove(clusterName);
        HazelcastInstance hz = INSTANCES.get(clusterName);
        if (hz != null && OPENED.remove(hz)) {
            forget(clusterName);
            hz.shutdown();
        }
    }

    private static void forget(String clusterName) {
        INSTANCES.remove(clusterName);
        STORES.remove(clusterName);
    }

    /**
     * Connects to {@code ref}'s cluster in the background, as {@link #instance} would on first use: what a warm
     * spare on an agent does while it waits for its task. A handle touched meanwhile waits for that connection
     * instead of making another. Measured (a worker on an agent with a warm spare, start to join): empty task
     * 70 -> 84 ms, a task that takes and releases a cluster lock 1 330 -> 130 ms.
     *
     * @param ref the cluster
     */
    public static void connectAhead(Ref ref) {
        // nobody uses this JVM yet: notices of its client about members that come and go would be noise
        HAZELCAST_LOG.setLevel(Level.SEVERE);
        Thread.ofPlatform().daemon().name("multiproc-connect-ahead").start(() -> {
            try {
                // a JVM's first connect and first close load their classes (~0.8 s and ~80 ms, measured): do
                // both here, then keep a second client (~30 ms) for the task; its close at the end is ~10 ms
                newClient(ref).shutdown();
                instance(ref);
            } catch (RuntimeException e) {
                return; // the task connects itself, and reports what goes wrong
            }
            if (clientsClosed) {
                shutdownClients(); // the task ended while this connected: nothing may hold the JVM open
            }
        });
    }

    /**
     * Whether this JVM has a connection to the cluster already, without making one: for tests.
     *
     * @param clusterName the cluster's name
     * @return {@code true} if a client or member of it is registered here
     */
    public static boolean isConnected(String clusterName) {
        return INSTANCES.containsKey(clusterName);
    }

    /** Shuts down the clients this JVM opened (a worker JVM at the end of its task); members stay. */
    public static void shutdownClients() {
        clientsClosed = true;
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
