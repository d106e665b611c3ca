package dev.multiproc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link Context#cluster(ClusterOptions) cluster context} runs its workers: agents started on this
 * machine ({@link #local(int)}), or agents already running ({@link #join(String...)}).
 *
 * <p><b>Private networks only.</b> The cluster engine runs on Hazelcast Community Edition, which has no
 * authentication and no TLS. Agents run code only for callers that prove the cluster secret
 * ({@link #withSecretFile(Path)}), but the data in the cluster's maps and queues can be read and changed by
 * anyone who reaches the ports. Every address must therefore be a loopback address unless
 * {@link #withNetworkAccess()} says otherwise: checked when a context opens with these options, so that
 * {@code join("10.0.0.5:5701").withNetworkAccess().withSecretFile(secret)} can be written.
 *
 * @param members the agents to join, as {@code host:port}; empty for {@link #local(int)}
 * @param localAgents how many agent JVMs to start on this machine; 0 when joining
 * @param clusterName the cluster's name: agents of other names are ignored
 * @param networkAccess whether addresses other than loopback are allowed
 * @param processOptions how agents launch the child JVMs that run this context's workers and pools
 * @param secretFile the file holding the agents' cluster secret, or {@code null}: agents started by
 *        {@link #local(int)} get a new secret of their own, and agents joined without one must have none
 */
public record ClusterOptions(List<String> members, int localAgents, String clusterName, boolean networkAccess,
                             ProcessOptions processOptions, Path secretFile) {

    /** The cluster name used when none is given. */
    public static final String DEFAULT_NAME = "multiproc";

    /**
     * Checks and copies the arguments.
     *
     * @throws IllegalArgumentException if there is neither a member nor a local agent, or if a member is not
     *         {@code host:port}
     */
    public ClusterOptions {
        members = List.copyOf(members);
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(processOptions, "processOptions");
        if (localAgents < 0 || (localAgents == 0) == members.isEmpty()) {
            throw new IllegalArgumentException(
                    "give either local agents or members to join: localAgents=" + localAgents + ", members=" + members);
        }
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName is blank");
        }
        members.forEach(ClusterOptions::checkHostPort);
    }

    /**
     * Options without a secret file.
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ClusterOptions(List<String> members, int localAgents, String clusterName, boolean networkAccess,
                          ProcessOptions processOptions) {
        this(members, localAgents, clusterName, networkAccess, processOptions, null);
    }

    /**
     * Starts {@code agents} agent JVMs on this machine, bound to loopback, for trying the engine out and
     * for tests; they end with the context.
     *
     * @param agents at least 1
     * @return the options
     */
    public static ClusterOptions local(int agents) {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be >= 1: agents=" + agents);
        }
        return new ClusterOptions(List.of(), agents, DEFAULT_NAME, false, ProcessOptions.defaults());
    }

    /**
     * Joins agents already running ({@code ./multiproc agent}).
     *
     * @param hostPorts at least one {@code host:port} of a running agent
     * @return the options
     */
    public static ClusterOptions join(String... hostPorts) {
        return new ClusterOptions(Arrays.asList(hostPorts), 0, DEFAULT_NAME, false, ProcessOptions.defaults());
    }

    /**
     * The same options with another cluster name.
     *
     * @param name the agents' cluster name
     * @return new options
     */
    public ClusterOptions withClusterName(String name) {
        return new ClusterOptions(members, localAgents, name, networkAccess, processOptions, secretFile);
    }

    /**
     * The same options, allowing addresses that are not loopback. Only for a private network: nothing is
     * encrypted, and the cluster's data has no authentication (Hazelcast Community Edition has neither); agents
     * open to the network run code only for callers with their secret ({@link #withSecretFile(Path)}).
     *
     * @return new options
     */
    public ClusterOptions withNetworkAccess() {
        return new ClusterOptions(members, localAgents, clusterName, true, processOptions, secretFile);
    }

    /**
     * The same options with other options for the workers' child JVMs on the agents.
     *
     * @param options heap cap, JVM arguments, environment and warm spares of the workers
     * @return new options
     */
    public ClusterOptions withProcessOptions(ProcessOptions options) {
        return new ClusterOptions(members, localAgents, clusterName, networkAccess, options, secretFile);
    }

    /**
     * The same options with the cluster secret: the file the agents were given with {@code --secret-file}. Every
     * call this context makes to an agent carries an HMAC made with it, which the agents check; agents open to
     * the network refuse calls without it. The file is read when the context opens, and must not be readable
     * by its group or others.
     *
     * @param file the secret's file (at least 16 bytes; trailing white space is not part of it)
     * @return new options
     */
    public ClusterOptions withSecretFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new ClusterOptions(members, localAgents, clusterName, networkAccess, processOptions, file);
    }

    private static void checkHostPort(String member) {
        int colon = member.lastIndexOf(':');
        if (colon <= 0 || colon == member.length() - 1 || !member.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a member must be host:port: " + member);
        }
    }

    /**
     * Refuses members that are not loopback addresses, unless {@link #withNetworkAccess()} allowed them: what a
     * context checks before it contacts anyone.
     *
     * @throws IllegalArgumentException naming the first such member
     */
    void checkNetworkAccess() {
        if (networkAccess) {
            return;
        }
        for (String member : members) {
            checkLoopback(member);
        }
    }

    private static void checkLoopback(String member) {
        int colon = member.lastIndexOf(':');
        if (!isLoopback(member.substring(0, colon))) {
            throw new IllegalArgumentException("refusing " + member + ": it is not a loopback address, and cluster "
                    + "agents have no TLS and their data no authentication (Hazelcast Community Edition), so anyone "
                    + "who reaches them can read and change the cluster's data; call withNetworkAccess() if this "
                    + "network is private");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
