package dev.multiproc.cluster.internal.agent;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.cluster.internal.ClusterContext;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.HazelcastLogs;
import dev.multiproc.cluster.internal.sync.ClusterSemaphore;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import dev.multiproc.cluster.internal.store.MemberGone;
import dev.multiproc.internal.engine.Codec;

import java.io.Serial;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What an agent runs for its clients: worker JVMs and pools, each owned by the endpoint (a driver or a worker
 * JVM) that asked for it. When an endpoint leaves the cluster, its workers and pools are stopped (children
 * never outlive their parent, across machines too) and its holds on primitives are reaped. The
 * {@link Calls} that drivers send run here. One agent per JVM.
 */
public final class AgentRuntime {
    /** How long a client may be gone before it counts as dead: a reconnect within it changes nothing. */
    static final long CLIENT_GRACE_MILLIS = 1_000;
    /**
     * How long the holds of a worker whose agent fell silent wait before they are reaped ({@link Beats}), counted
     * from when its client is noticed gone: at the earliest the heartbeat timeout less a client's 5 s between
     * heartbeats after the cut. That agent, cut off, stops the worker about the heartbeat timeout after the cut
     * ({@link Fence}), so the two holders are at least 18 s apart; a busy machine may delay a stop by seconds.
     */
    static final long FENCE_MILLIS = 25_000;
    /**
     * How long the outcomes of a pool stopped without its owner's word (the owner left, or this agent was cut off)
     * are kept for the owner to ask ({@link Calls.KeptOutcome}): a split's length, heal and merge included.
     */
    static final long KEEP_OUTCOMES_MINUTES = 10;
    /** The label of a worker's client that names its agent's {@code host:port}. */
    public static final String AGENT_LABEL = "agent=";

    /** Hazelcast's property for the seconds of silence after which a member counts as gone. */
    static final String HEARTBEAT_PROPERTY = "hazelcast.max.no.heartbeat.seconds";

    /** The system property that gives an agent's workers the agent's {@code host:port}. */
    public static final String MEMBERS_PROPERTY = "multiproc.agent.members";

    private static volatile AgentRuntime current;

    private final HazelcastInstance hz;
    private final CallGate gate;
    private final List<String> spareFlags;
    private final Beats beats;
    private final Thread fence;
    private final Map<ProcessOptions, Context> contexts = new ConcurrentHashMap<>();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /** The running pool tasks, by pool id and task id: what {@link Calls.CancelPoolTask} reaches. */
    private final Map<String, Map<Long, Future<?>>> running = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> owned = new ConcurrentHashMap<>();
    /**
     * The outcomes of pool tasks, by pool id and task id, until the driver says it has them (the slot's next
     * task here names the one it last received): what a driver cut off while they ran asks for after the heal.
     */
    private final Map<String, Map<Long, Calls.Answer>> kept = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "multiproc-agent-reaper");
        t.setDaemon(true);
        return t;
    });

    private AgentRuntime(HazelcastInstance hz, Secret secret) {
        this.hz = hz;
        this.gate = new CallGate(secret, () -> hz.getCluster().getLocalMember().getUuid());
        this.spareFlags = spareFlags(hz);
        this.beats = new Beats(hz, ClusterContext.address(hz.getCluster().getLocalMember()));
        this.fence = Fence.watch(stopAfter(hz), () -> beats.hasMajority(hz.getCluster().getMembers().stream()
                .map(ClusterContext::address).toList()), this::stopAll);
    }

    /**
     * How long an agent that hears no majority waits before it stops its workers: until the heartbeat timeout
     * after the other agents' last beats (it counts as not hearing them once they have been silent for
     * {@link Beats#SILENCE_NANOS}). A split shorter than that stops nothing, as Hazelcast removes no member.
     */
    private static java.time.Duration stopAfter(HazelcastInstance hz) {
        String timeout = hz.getConfig().getProperty(HEARTBEAT_PROPERTY);
        long seconds = timeout == null ? AgentMain.DEFAULT_HEARTBEAT_TIMEOUT : Long.parseLong(timeout);
        long silence = TimeUnit.NANOSECONDS.toSeconds(Beats.SILENCE_NANOS);
        return java.time.Duration.ofSeconds(Math.max(1, seconds - silence));
    }

    /**
     * Starts serving on this JVM's member: the listeners that reap dead endpoints, and the runtime the calls use.
     *
     * @param hz the agent's member
     * @param secret the cluster secret that every call must prove, or {@code null} (an agent on loopback only)
     * @return the runtime
     */
    public static AgentRuntime start(HazelcastInstance hz, Secret secret) {
        AgentRuntime rt = new AgentRuntime(hz, secret);
        for (com.hazelcast.cluster.Member m : hz.getCluster().getMembers()) {
            rt.beats.heardFrom(ClusterContext.address(m)); // the agents here before this one: known from now on, so
            // that their silence counts (an agent never heard would never count as cut off)
        }
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                rt.beats.heardFrom(ClusterContext.address(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                rt.beats.left(ClusterContext.address(event.getMember()));
                rt.later.execute(() -> rt.endpointGone(event.getMember().getUuid().toString()));
            }
        });
        hz.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
            }

            @Override
            public void clientDisconnected(Client client) {
                rt.later.schedule(() -> rt.clientGone(client), rt.graceFor(client), TimeUnit.MILLISECONDS);
            }
        });
        current = rt;
        return rt;
    }

    /**
     * Whether this agent may acknowledge changes of the store: it hears a majority of the agents it knows
     * ({@link Beats#hasMajority}). Before its runtime starts, it may.
     *
     * @param members the members it sees
     * @return {@code false} on the smaller side of a split
     */
    static boolean hasMajority(java.util.Collection<com.hazelcast.cluster.Member> members) {
        AgentRuntime rt = current;
        return rt == null || rt.beats.hasMajority(members.stream().map(ClusterContext::address).toList());
    }

    static AgentRuntime current() {
        AgentRuntime rt = current;
        if (rt == null) {
            throw new IllegalStateException("this JVM is not a multiproc agent");
        }
        return rt;
    }

    /** What checks the calls before they run. */
    CallGate gate() {
        return gate;
    }

    // ---- the calls ----------------------------------------------------------------------------

    long startWorker(Calls.StartWorker c) {
        Worker w = context(c.process()).worker(c.name(), new Disconnecting(c.task()));
        workers.put(c.id(), w);
        own(c.owner(), c.id());
        w.start();
        return w.pid();
    }

    Calls.Outcome awaitWorker(String owner, String id) throws InterruptedException {
        Worker w = workers.get(id);
        if (w == null) {
            return new Calls.Outcome(-9, WorkerException.of(new IllegalStateException("unknown worker " + id)));
        }
        w.join();
        workers.remove(id);
        disown(owner, id);
        return new Calls.Outcome(w.exitCode().orElseThrow(), w.failure().orElse(null));
    }

    boolean signal(String id, Calls.Stop how) {
        Worker w = workers.get(id);
        if (w != null) {
            switch (how) {
                case TERMINATE -> w.terminate();
                case KILL -> w.kill();
                case INTERRUPT -> w.interrupt();
            }
        }
        return w != null;
    }

    /**
     * Opens this agent's share of a pool, once. A pool this agent stopped on its own may be opened again by its
     * owner (back after a split's heal): the outcomes it kept stay.
     */
    boolean openPool(Calls.OpenPool c) {
        pools.computeIfAbsent(c.pool(), p -> {
            own(c.owner(), p);
            kept.putIfAbsent(p, new ConcurrentHashMap<>());
            return context(c.spec().process()).pool(c.spec().options());
        });
        return true;
    }

    /** Runs a task on this agent's share of a pool: the value, or the failure the local pool reported. */
    Calls.Answer runPoolTask(Calls.RunPoolTask c, Callable<?> task) throws InterruptedException {
        Pool local = pools.get(c.pool());
        Map<Long, Calls.Answer> keep = kept.get(c.pool());
        if (local == null || keep == null) {
            throw new IllegalStateException("pool " + c.pool() + " is not open on this agent: closed, or its owner left");
        }
        keep.remove(c.answered());
        Future<?> f = local.submit(task);
        Map<Long, Future<?>> tasks = running.computeIfAbsent(c.pool(), p -> new ConcurrentHashMap<>());
        tasks.put(c.taskId(), f);
        Calls.Answer answer;
        try {
            answer = new Calls.Answer(f.get(), null);
        } catch (ExecutionException e) {
            answer = new Calls.Answer(null, stoppedOr(c.pool(), local, keep, e.getCause()));
        } catch (CancellationException e) {
            answer = new Calls.Answer(null, stoppedOr(c.pool(), local, keep, e));
        } catch (InterruptedException e) {
            tasks.remove(c.taskId());
            throw e;
        }
        keep.put(c.taskId(), answer); // until the driver says it has it: a split may cut it off on its way
        tasks.remove(c.taskId()); // after: a driver asking in between finds it running or kept, never neither
        return answer;
    }

    /**
     * A task's failure, or its death when its pool was stopped without its owner's word (which caused it): the
     * pool it ran on is no longer open, and its outcomes are still kept (the owner's close forgets them).
     */
    private Throwable stoppedOr(String pool, Pool local, Map<Long, Calls.Answer> keep, Throwable failure) {
        boolean byStop = failure instanceof CancellationException || failure instanceof dev.multiproc.WorkerDiedException;
        boolean withoutOwner = pools.get(pool) != local && kept.get(pool) == keep;
        return byStop && withoutOwner ? new dev.multiproc.WorkerDiedException(-1, -9, "stopped by its agent, which "
                + "was cut off from the majority of the agents or lost the pool's owner") : failure;
    }

    /**
     * The outcome of a task whose answer the driver did not receive. It stays until its pool is closed or
     * forgotten ({@link #KEEP_OUTCOMES_MINUTES} after a stop): this answer too may be lost on its way (during
     * the merge, say), and the driver asks again.
     *
     * @return the task's {@link Calls.Answer}; {@link Calls.Pending#RUNNING} if it still runs here; or {@code null}
     *         if this agent has no record of it (it never reached this agent's pool, or the record was forgotten)
     */
    Object keptOutcome(String pool, long taskId) {
        Map<Long, Calls.Answer> keep = kept.get(pool);
        Calls.Answer answer = keep == null ? null : keep.get(taskId);
        if (answer != null) {
            return answer;
        }
        return running.getOrDefault(pool, Map.of()).containsKey(taskId) ? Calls.Pending.RUNNING : null;
    }

    /** Whether the agent at {@code address} fell silent before it left: it may live on, cut off by a split. */
    boolean maybeCutOff(String address) {
        return beats.maybeCutOff(address);
    }

    boolean cancelPoolTask(String pool, long taskId) {
        Future<?> f = running.getOrDefault(pool, Map.of()).get(taskId);
        return f != null && f.cancel(true);
    }

    /** Closes a pool at its owner's word: the outcomes it kept are forgotten. */
    boolean closePool(String owner, String pool) {
        kept.remove(pool);
        return shutPool(owner, pool);
    }

    /**
     * Stops a pool without its owner's word: its owner left, or this agent was cut off. The outcomes it kept stay
     * for {@link #KEEP_OUTCOMES_MINUTES}, for an owner on the other side of a split to ask after the heal.
     */
    private void stopPool(String owner, String pool) {
        if (!pools.containsKey(pool)) {
            disown(owner, pool); // a worker's id, or a pool closed meanwhile
            return;
        }
        Map<Long, Calls.Answer> keep = kept.get(pool);
        if (shutPool(owner, pool)) {
            later.schedule(() -> {
                if (!pools.containsKey(pool)) { // unless its owner opened it again: then it is the live pool's
                    kept.remove(pool, keep);
                }
            }, KEEP_OUTCOMES_MINUTES, TimeUnit.MINUTES);
        }
    }

    private boolean shutPool(String owner, String pool) {
        Pool p = pools.remove(pool);
        running.remove(pool);
        disown(owner, pool);
        if (p != null) {
            p.shutdownNow();
        }
        return p != null;
    }

    // ---- ownership and deaths -----------------------------------------------------------------

    private void own(String owner, String id) {
        owned.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(id);
    }

    private void disown(String owner, String id) {
        Set<String> ids = owned.get(owner);
        if (ids != null) {
            ids.remove(id);
        }
    }

    /**
     * How long a client that left may be gone before what it holds is reaped: the fence when it is a worker whose
     * agent fell silent (it may still run, cut off), a second otherwise.
     */
    private long graceFor(Client client) {
        String agent = client.getLabels().stream().filter(l -> l.startsWith(AGENT_LABEL))
                .map(l -> l.substring(AGENT_LABEL.length())).findFirst().orElse(null);
        if (!beats.maybeCutOff(agent)) {
            return CLIENT_GRACE_MILLIS;
        }
        System.err.println("multiproc agent: a worker of " + agent + " left while that agent has been silent for "
                + beats.silentSeconds(agent) + " s: what it holds is released in " + FENCE_MILLIS / 1000
                + " s, once its agent has stopped it if it is cut off");
        return FENCE_MILLIS;
    }

    /**
     * Stops every worker and pool this agent runs, whoever owns them: this agent is on the smaller side of a split
     * (or one of two equal sides), whose holds the other side takes after the fence. Their owners see them die.
     */
    private void stopAll() {
        System.err.println("multiproc agent: has heard no majority of the agents for a while (cut off?): stopping its"
                + " workers and pools, whose holds the other side takes");
        owned.keySet().forEach(this::stopOwnedBy);
    }

    /** Kills the workers and closes the pools that {@code owner} asked this agent for. */
    private void stopOwnedBy(String owner) {
        for (String id : List.copyOf(owned.getOrDefault(owner, Set.of()))) {
            Worker w = workers.get(id);
            if (w != null) {
                w.kill();
            }
            stopPool(owner, id);
        }
    }

    private void clientGone(Client client) {
        boolean back = hz.getClientService().getConnectedClients().stream()
                .anyMatch(c -> c.getUuid().equals(client.getUuid()));
        if (!back) {
            endpointGone(client.getUuid().toString());
        }
    }

    private void endpointGone(String endpoint) {
        stopOwnedBy(endpoint);
        owned.remove(endpoint);
        reap(endpoint, 3);
    }

    /** Reaps the endpoint's holds; retried, because partitions may be migrating right after a member left. */
    private void reap(String endpoint, int attempts) {
        if (!hz.getLifecycleService().isRunning()) {
            return;
        }
        try {
            HazelcastStore.reap(hz, endpoint);
        } catch (RuntimeException e) {
            if (attempts > 1) {
                later.schedule(() -> reap(endpoint, attempts - 1), 500, TimeUnit.MILLISECONDS);
            } else if (MemberGone.orNoMajority(e) && !MemberGone.is(e)) {
                System.err.println("multiproc agent: " + endpoint + " left while this agent does not hear a majority "
                        + "of the agents: the side that does releases what it held");
            } else {
                System.err.println("multiproc agent: could not release what " + endpoint + " held: " + e);
            }
        }
    }

    /** The process context for these options, made once. */
    private Context context(Specs.Process spec) {
        return contexts.computeIfAbsent(spec.options(spareFlags), Context::processes);
    }

    /**
     * What tells a warm spare of this agent which cluster to connect to ahead ({@link AgentChildHook}): the
     * cluster's name, and this member's address. Fixed for the agent's life, so made once, not on every worker
     * start.
     */
    private static List<String> spareFlags(HazelcastInstance hz) {
        return List.of("-D" + AgentChildHook.CLUSTER_PROPERTY + "=" + hz.getConfig().getClusterName(),
                "-D" + MEMBERS_PROPERTY + "=" + ClusterContext.address(hz.getCluster().getLocalMember()));
    }

    /** Stops everything this agent runs: its contexts terminate their children. */
    public void close() {
        current = null;
        fence.interrupt();
        beats.close();
        pools.values().forEach(Pool::shutdownNow);
        contexts.values().forEach(Context::close);
        later.shutdownNow();
    }

    /**
     * The task as the driver encoded it: decoded in the worker's JVM, never in the agent, so that the handles it
     * carries (a pipe end holds itself for the JVM that reads it) attach where the task runs.
     */
    private record Disconnecting(byte[] task) implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 2L;

        @Override
        public void run() {
            HazelcastLogs.warnings(); // a task runs: warnings concern somebody now
            try {
                ((Runnable) Codec.tasks().decode(task)).run();
            } finally {
                ClusterSemaphore.handOverHeldPermits(); // a normal end: they stay taken, as in Python
                Grid.jvm().closeClients();
            }
        }
    }
}
