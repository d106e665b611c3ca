package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.IExecutorService;
import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.agent.AgentMain;
import dev.multiproc.cluster.internal.agent.Calls;
import dev.multiproc.cluster.internal.agent.SealedCall;
import dev.multiproc.cluster.internal.agent.Secret;
import dev.multiproc.cluster.internal.agent.Specs;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.PoolBase;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The engine of {@code Context.cluster(...)}: this JVM is a Hazelcast client of the agents; workers and pool
 * tasks run in child JVMs on the agents; primitives, queues and shared values live in the cluster.
 */
public final class ClusterContext extends ContextBase implements Cluster {
    private static final AtomicInteger LOCAL_CLUSTERS = new AtomicInteger();
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final ClusterOptions options;
    private final LocalAgents localAgents;
    private final Grid.Ref ref;
    private final Grid.Lease connection;
    private final HazelcastInstance client;
    private final ClusterPrimitives primitives;
    private final Specs.Process processSpec;
    private final SealedCall.Sealer sealer;
    private final AtomicInteger turns = new AtomicInteger();

    ClusterContext(ClusterOptions options) {
        HazelcastLogs.warnings();
        this.options = options;
        String name = options.localAgents() > 0 && options.clusterName().equals(ClusterOptions.DEFAULT_NAME)
                ? "multiproc-local-" + ProcessHandle.current().pid() + "-" + LOCAL_CLUSTERS.incrementAndGet()
                : options.clusterName(); // local agents of two contexts must not merge
        Secret given = options.secretFile() == null ? null : Secret.read(options.secretFile()); // before any start
        this.localAgents = options.localAgents() > 0
                ? new LocalAgents(options.localAgents(), name, options.secretFile()) : null;
        this.sealer = new SealedCall.Sealer(localAgents != null ? localAgents.secret() : given);
        try {
            this.ref = new Grid.Ref(name, localAgents != null ? localAgents.addresses() : options.members());
            this.connection = Grid.jvm().lease(ref);
            this.client = connection.instance();
        } catch (RuntimeException e) {
            if (localAgents != null) {
                localAgents.close();
            }
            throw e;
        }
        this.primitives = new ClusterPrimitives(ref, UUID.randomUUID().toString());
        this.processSpec = Specs.Process.of(options.processOptions());
    }

    /** This JVM's Hazelcast client of the cluster: for probes that compare with raw Hazelcast. */
    public HazelcastInstance client() {
        return client;
    }

    /** Where the cluster is, as handles carry it. */
    public Grid.Ref ref() {
        return ref;
    }

    /**
     * Makes a call on an agent, sealed with the cluster secret.
     *
     * @param call the call
     * @param agent the agent's member
     * @return the executor's future: a {@code CompletableFuture} of the call's answer
     */
    @SuppressWarnings("unchecked")
    <T> Future<T> submit(Calls.AgentCall<T> call, Member agent) {
        return (Future<T>) executor().submitToMember(sealer.seal(call, agent.getUuid()), agent);
    }

    /** {@link #submit(Calls.AgentCall, Member)}, its answer or failure given to {@code callback}. */
    @SuppressWarnings("unchecked")
    <T> void submit(Calls.AgentCall<T> call, Member agent, ExecutionCallback<T> callback) {
        executor().submitToMember(sealer.seal(call, agent.getUuid()), agent, (ExecutionCallback<Object>) callback);
    }

    private IExecutorService executor() {
        return client.getExecutorService(AgentMain.EXECUTOR);
    }

    /** This JVM's endpoint id: the owner of what it starts on agents. */
    String self() {
        return client.getLocalEndpoint().getUuid().toString();
    }

    Specs.Process processSpec() {
        return processSpec;
    }

    /** The agents now in the cluster. */
    List<Member> agentMembers() {
        List<Member> agents = client.getCluster().getMembers().stream()
                .filter(m -> "true".equals(m.getAttribute(AgentMain.AGENT_ATTRIBUTE))).toList();
        if (agents.isEmpty()) {
            throw new IllegalStateException("no multiproc agent in cluster '" + ref.clusterName() + "'");
        }
        return agents;
    }

    /** The least loaded agent: the fewest live workers of this context; ties take turns. */
    Member place() {
        List<Member> agents = agentMembers();
        Map<Member, Long> load = activeChildren().stream().map(w -> ((ClusterWorker) w).member())
                .filter(m -> m != null).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        int turn = Math.floorMod(turns.getAndIncrement(), agents.size());
        return java.util.stream.IntStream.range(0, agents.size()).mapToObj(i -> agents.get((turn + i) % agents.size()))
                .min(Comparator.comparingLong(m -> load.getOrDefault(m, 0L))).orElseThrow();
    }

    @Override
    protected WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker) {
        return new ClusterWorker(name, target, tracker, this, null);
    }

    @Override
    public List<String> agents() {
        return agentMembers().stream().map(ClusterContext::address).toList();
    }

    @Override
    public Worker workerOn(String agent, SerializableRunnable target) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(target, "target");
        requireOpen();
        List<Member> members = agentMembers();
        Member chosen = members.stream().filter(m -> address(m).equals(agent)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agent " + agent + " in cluster '"
                        + ref.clusterName() + "'; its agents: " + members.stream().map(ClusterContext::address).toList()));
        return new ClusterWorker(null, target, new Tracker(), this, chosen);
    }

    @Override
    public Optional<String> agentOf(Worker worker) {
        return worker instanceof ClusterWorker w && w.context() == this
                ? Optional.ofNullable(w.member()).map(ClusterContext::address) : Optional.empty();
    }

    /** An agent's address as users see it: {@code host:port}. */
    public static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    @Override
    protected PoolBase<?, ?> newPool(PoolOptions poolOptions) {
        return new ClusterPool(this, poolOptions);
    }

    @Override
    protected ClusterPrimitives primitives() {
        return primitives;
    }

    /** The sum of the agents' CPUs: what a pool spread over the cluster can use. */
    @Override
    public int cpuCount() {
        return agentMembers().stream().mapToInt(m -> Integer.parseInt(m.getAttribute(AgentMain.CPUS_ATTRIBUTE))).sum();
    }

    @Override
    protected StopPolicy stopPolicy() {
        return new StopPolicy(TERMINATE_GRACE, KILL_WAIT); // as locally: the agents signal their children
    }

    @Override
    protected void release() {
        try {
            primitives.close();
        } finally {
            connection.close(); // shuts the client down unless another context of this JVM uses it
            if (localAgents != null) {
                localAgents.close();
            }
        }
    }

    /** The agent JVMs of {@code ClusterOptions.local}, for tests that kill one; empty when joining. */
    public List<Process> localAgentProcesses() {
        return localAgents == null ? List.of() : localAgents.processes();
    }

    /**
     * The local agent JVM that runs {@code worker}, for tests that kill an agent.
     *
     * @param worker a started worker of this context
     * @return the agent's process, or empty when joining or before start
     */
    public java.util.Optional<Process> localAgentOf(Worker worker) {
        Member m = ((ClusterWorker) worker).member();
        if (localAgents == null || m == null) {
            return java.util.Optional.empty();
        }
        int i = localAgents.addresses().indexOf(address(m));
        return i < 0 ? java.util.Optional.empty() : java.util.Optional.of(localAgents.processes().get(i));
    }

    @Override
    public String toString() {
        return "Context.cluster(" + options + ")";
    }
}
