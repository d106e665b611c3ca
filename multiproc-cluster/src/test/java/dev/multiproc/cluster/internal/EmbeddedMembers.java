package dev.multiproc.cluster.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.store.HazelcastStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Hazelcast members inside a test's JVM, on loopback, configured as the agents configure theirs. */
public final class EmbeddedMembers {
    private EmbeddedMembers() {
    }

    /**
     * Starts {@code count} members of a new cluster named {@code prefix} and a random suffix. Each takes a free
     * port and lists the others': with only "127.0.0.1" to join, a member looks at 5701-5703, where members of
     * another JVM may be, and the new ones would not find each other.
     */
    public static List<HazelcastInstance> start(String prefix, int count) {
        return start(prefix, count, HazelcastStore.DEFAULT_BACKUPS);
    }

    /** As {@link #start(String, int)}, with {@code backups} copies of each state besides its owner's. */
    public static List<HazelcastInstance> start(String prefix, int count, int backups) {
        String name = prefix + "-" + UUID.randomUUID();
        int[] ports = freePorts(count);
        List<HazelcastInstance> members = new ArrayList<>();
        for (int port : ports) {
            Config c = new Config().setClusterName(name);
            c.setProperty("hazelcast.phone.home.enabled", "false");
            c.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
            c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
            c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
            TcpIpConfig tcpIp = c.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true);
            for (int p : ports) {
                tcpIp.addMember("127.0.0.1:" + p);
            }
            c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            // the store's settings and every serializer of the engine, as on an agent (so they are exercised)
            ClusterSerializers.register(c.getSerializationConfig());
            members.add(Hazelcast.newHazelcastInstance(HazelcastStore.configure(c, backups)));
        }
        return members;
    }

    /** {@code n} distinct loopback ports free a moment ago. */
    public static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) { // held together, so the n differ
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            for (ServerSocket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }
}
