package dev.multiproc.cluster.internal.agent;

import com.hazelcast.config.Config;
import dev.multiproc.cluster.internal.ClusterSerializers;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.HazelcastLogs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An agent: a Hazelcast member that runs workers and pools for the cluster's drivers.
 *
 * <pre>
 * AgentMain [--join HOST:PORT[,...]] [--port 5701] [--bind 127.0.0.1] [--allow-network --secret-file FILE]
 *           [--cluster-name multiproc] [--heartbeat-timeout 60] [--backups 1] [--ready-file FILE] [--watch-stdin]
 * </pre>
 * It binds to loopback unless {@code --allow-network} is given with another {@code --bind}, and then only with
 * a cluster secret: Hazelcast Community Edition has no authentication or TLS, so the agent runs only calls
 * sealed with the secret ({@link SealedCall}), and Java deserialization on its member is limited to the JDK,
 * Hazelcast and multiproc. A secret on loopback keeps other users of the host out too.
 * {@code --heartbeat-timeout} is how many seconds of silence make a member or a client count as gone (Hazelcast's
 * failure detector; 60 by default): a host cut off by a network split is noticed that late, on both sides.
 * {@code --backups} is how many other agents hold a copy of each object's state (1 by default, enough for three
 * agents): every agent of a cluster is given the same, half the agents rounded down, so that the larger side of
 * any split (and each of two equal halves) holds a copy of every state.
 * {@code --watch-stdin} ends the agent when its standard input closes (agents started by
 * {@code ClusterOptions.local}); {@code --ready-file} receives {@code host:port} once the member is up.
 */
public final class AgentMain {
    /** The executor that carries every call to agents. */
    public static final String EXECUTOR = "multiproc";
    /** The member attribute that marks agents (as opposed to other members of the same cluster). */
    public static final String AGENT_ATTRIBUTE = "multiproc.agent";
    /** Hazelcast's own failure detector: seconds of silence before a member or a client counts as gone. */
    static final int DEFAULT_HEARTBEAT_TIMEOUT = 60;
    /**
     * Seconds before a member first looks for another side to merge with after a split, and between looks
     * (Hazelcast's defaults, 300 and 120, kept the sides apart for minutes after a network healed).
     */
    static final int MERGE_DELAY = 10;
    /** The member attribute with the agent's CPU count. */
    public static final String CPUS_ATTRIBUTE = "multiproc.cpus";

    private AgentMain() {
    }

    /** The options of the command line. */
    record Options(String clusterName, String bind, int port, List<String> join, boolean allowNetwork,
                   Path readyFile, boolean watchStdin, Path secretFile, int heartbeatTimeout, int backups) {

        static Options parse(String[] args) {
            String name = "multiproc", bind = "127.0.0.1";
            int port = 5701, heartbeat = DEFAULT_HEARTBEAT_TIMEOUT, backups = HazelcastStore.DEFAULT_BACKUPS;
            List<String> join = new ArrayList<>();
            boolean allow = false, watch = false;
            Path ready = null, secret = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--cluster-name" -> name = args[++i];
                    case "--bind" -> bind = args[++i];
                    case "--port" -> port = Integer.parseInt(args[++i]);
                    case "--join" -> join.addAll(Arrays.asList(args[++i].split(",")));
                    case "--allow-network" -> allow = true;
                    case "--ready-file" -> ready = Path.of(args[++i]);
                    case "--watch-stdin" -> watch = true;
                    case "--secret-file" -> secret = Path.of(args[++i]);
                    case "--heartbeat-timeout" -> heartbeat = positive("--heartbeat-timeout", args[++i]);
                    case "--backups" -> backups = AgentMain.backups(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]
                            + " (options: --join HOST:PORT[,...] --port N --bind ADDRESS --allow-network"
                            + " --secret-file FILE --cluster-name NAME --heartbeat-timeout SECONDS --backups N"
                            + " --ready-file FILE --watch-stdin)");
                }
            }
            return new Options(name, bind, port, join, allow, ready, watch, secret, heartbeat, backups);
        }
    }

    private static int backups(String value) {
        int n = Integer.parseInt(value);
        if (n < 1 || n > HazelcastStore.MAX_BACKUPS) {
            throw new IllegalArgumentException("--backups must be 1 to " + HazelcastStore.MAX_BACKUPS
                    + " (half the agents, rounded down, keeps every state through any split): " + value);
        }
        return n;
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1: " + value);
        }
        return n;
    }

    public static void main(String[] args) throws IOException {
        HazelcastLogs.warnings();
        Options o = Options.parse(args);
        requireSafeBind(o.bind(), o.allowNetwork(), o.secretFile() != null);
        Secret secret = o.secretFile() == null ? null : Secret.read(o.secretFile());
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config(o));
        Grid.jvm().registerMember(o.clusterName(), hz);
        AgentRuntime rt = AgentRuntime.start(hz, secret);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            rt.close(); // first the workers and spares, then the member: they must not see it vanish under them
            hz.getLifecycleService().terminate();
        }, "multiproc-agent-close"));
        InetSocketAddress at = hz.getCluster().getLocalMember().getSocketAddress();
        String address = at.getHostString() + ":" + at.getPort();
        if (o.readyFile() != null) {
            Path tmp = Files.writeString(o.readyFile().resolveSibling(o.readyFile().getFileName() + ".tmp"), address);
            Files.move(tmp, o.readyFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.err.println("multiproc agent " + address + " in cluster '" + o.clusterName() + "' ("
                + hz.getCluster().getMembers().size() + " members)");
        if (o.watchStdin()) {
            while (System.in.read() >= 0) {
                // the driver never writes: end-of-stream means it is gone
            }
            System.exit(0); // shutdown hooks stop the workers, then the member
        }
    }

    static void requireSafeBind(String bind, boolean allowNetwork, boolean secret) throws IOException {
        if (InetAddress.getByName(bind).isLoopbackAddress()) {
            return;
        }
        if (!allowNetwork) {
            throw new IllegalArgumentException("refusing to bind to " + bind + ": nothing is encrypted and the "
                    + "cluster's data has no authentication (Hazelcast Community Edition), so anyone who reaches "
                    + "the port can read and change it; add --allow-network on a private network");
        }
        if (!secret) {
            throw new IllegalArgumentException("refusing to bind to " + bind + " without a cluster secret: give "
                    + "--secret-file FILE (at least 16 bytes that only you can read, e.g. made with "
                    + "head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE), the same file on every agent and "
                    + "driver, so that nobody else runs code here");
        }
    }

    static Config config(Options o) {
        Config c = new Config();
        c.setClusterName(o.clusterName());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false"); // the agent's own hook ends the member, last
        c.setProperty(AgentRuntime.HEARTBEAT_PROPERTY, Integer.toString(o.heartbeatTimeout()));
        c.setProperty("hazelcast.client.max.no.heartbeat.seconds", Integer.toString(o.heartbeatTimeout()));
        c.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY));
        c.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY));
        c.getMemberAttributeConfig().setAttribute(AGENT_ATTRIBUTE, "true");
        c.getMemberAttributeConfig().setAttribute(CPUS_ATTRIBUTE,
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        // every worker and every running pool task holds one executor thread while it runs
        c.getExecutorConfig(EXECUTOR).setPoolSize(512);
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(o.port()).setPortAutoIncrement(true).setPortCount(100);
        n.getInterfaces().setEnabled(true).addInterface(o.bind());
        n.setPublicAddress(o.bind());
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setMembers(o.join().isEmpty() ? List.of(o.bind()) : o.join());
        ClusterSerializers.register(c.getSerializationConfig());
        // what clients send is read with classes of the JDK, Hazelcast and the cluster's states alone: no callable
        // of the application or of multiproc can be sent to run here (calls come sealed, SealedCall)
        c.setClassLoader(new AgentClassLoader(AgentMain.class.getClassLoader()));
        c.getSerializationConfig().setJavaSerializationFilterConfig(deserializationFilter());
        c.getSerializationConfig().getCompactSerializationConfig().setZeroConfigFilter(deserializationFilter());
        return HazelcastStore.configure(c, AgentRuntime::hasMajority, o.backups());
    }

    /**
     * What the member may decode with Java serialization and with Hazelcast's reflective ("zero-config") compact
     * serialization: what its class loader may load ({@link AgentClassLoader}), with Hazelcast's list of known
     * gadgets refused as well.
     */
    static JavaSerializationFilterConfig deserializationFilter() {
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addPrefixes(AgentClassLoader.ALLOWED.toArray(String[]::new));
        return filter;
    }
}
