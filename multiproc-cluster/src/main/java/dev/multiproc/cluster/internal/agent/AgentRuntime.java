package dev.multiproc.cluster.internal.agent;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.store.HazelcastStore;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What an agent runs for its clients: worker JVMs and pools, each owned by the endpoint (a driver or a worker
 * JVM) that asked for it. When an endpoint leaves the cluster, its workers and pools are stopped (children
 * never outlive their parent, across machines too) and its holds on primitives are reaped.
 */
public final class AgentRuntime {
    /** How long a client may be gone before it counts as dead: a reconnect within it changes nothing. */
    static final long CLIENT_GRACE_MILLIS = 1_000;

    private static final Map<HazelcastInstance, AgentRuntime> RUNTIMES = new ConcurrentHashMap<>();

    private final HazelcastInstance hz;
    private final List<String> hazelcastFlags = dev.multiproc.cluster.internal.HazelcastFlags.ALL;
    private final Map<ProcessOptions, Context> contexts = new ConcurrentHashMap<>();
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> owned = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "multiproc-agent-reaper");
        t.setDaemon(true);
        return t;
    });

    private AgentRuntime(HazelcastInstance hz) {
        this.hz = hz;
    }

    /**
     * Starts serving on a member: registers the runtime and the listeners that reap dead endpoints.
     *
     * @param hz the agent's member
     * @return the runtime
     */
    public static AgentRuntime start(HazelcastInstance hz) {
        AgentRuntime rt = new AgentRuntime(hz);
        RUNTIMES.put(hz, rt);
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                rt.later.execute(() -> rt.endpointGone(event.getMember().getUuid().toString()));
            }
        });
        hz.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
            }

            @Override
            public void clientDisconnected(Client client) {
                rt.later.schedule(() -> rt.clientGone(client), CLIENT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
        return rt;
    }

    static AgentRuntime of(HazelcastInstance hz) {
        AgentRuntime rt = RUNTIMES.get(hz);
        if (rt == null) {
            throw new IllegalStateException("this member is not a multiproc agent: " + hz.getName());
        }
        return rt;
    }

    private void clientGone(Client client) {
        boolean back = hz.getClientService().getConnectedClients().stream()
                .anyMatch(c -> c.getUuid().equals(client.getUuid()));
        if (!back) {
            endpointGone(client.getUuid().toString());
        }
    }

    private void endpointGone(String endpoint) {
        for (String id : owned.getOrDefault(endpoint, Set.of())) {
            Worker w = workers.get(id);
            if (w != null) {
                w.kill();
            }
            Pool p = pools.remove(id);
            if (p != null) {
                p.shutdownNow();
            }
        }
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
            } else {
                System.err.println("multiproc agent: could not release what " + endpoint + " held: " + e);
            }
        }
    }

    /** The process context for these options, made once. */
    Context context(Specs.Process spec) {
        return contexts.computeIfAbsent(spec.options(hazelcastFlags), Context::processes);
    }

    List<String> hazelcastFlags() {
        return hazelcastFlags;
    }

    void own(String owner, String id) {
        owned.computeIfAbsent(owner, o -> ConcurrentHashMap.newKeySet()).add(id);
    }

    void disown(String owner, String id) {
        Set<String> ids = owned.get(owner);
        if (ids != null) {
            ids.remove(id);
        }
    }

    Map<String, Worker> workers() {
        return workers;
    }

    Map<String, Pool> pools() {
        return pools;
    }

    private final Map<String, java.util.concurrent.Future<?>> running = new ConcurrentHashMap<>();

    void running(String pool, long taskId, java.util.concurrent.Future<?> f) {
        running.put(pool + "#" + taskId, f);
    }

    void finished(String pool, long taskId) {
        running.remove(pool + "#" + taskId);
    }

    java.util.concurrent.Future<?> runningTask(String pool, long taskId) {
        return running.get(pool + "#" + taskId);
    }

    /** Stops everything this agent runs: its contexts terminate their children. */
    public void close() {
        RUNTIMES.remove(hz);
        pools.values().forEach(Pool::shutdownNow);
        contexts.values().forEach(Context::close);
        later.shutdownNow();
    }
}
