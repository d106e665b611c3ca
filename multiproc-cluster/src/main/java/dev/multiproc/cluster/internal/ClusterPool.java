package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerDiedException;
import dev.multiproc.WorkerException;
import dev.multiproc.cluster.internal.agent.Calls;
import dev.multiproc.cluster.internal.agent.Specs;
import dev.multiproc.internal.codec.Codec;
import dev.multiproc.internal.codec.StatelessTasks;
import dev.multiproc.internal.pool.PoolBase;
import dev.multiproc.internal.pool.PoolTask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A pool over the agents: its workers are spread over the agents (round robin), and each agent runs its share
 * as a local process pool, so crashes, timeouts that kill and recycling work as in a local pool. Here, each
 * worker is a virtual thread that takes a task from the backlog and calls its agent through Hazelcast's
 * {@code IExecutorService}.
 *
 * <p>When an agent leaves the cluster, the tasks it was running fail with {@link WorkerDiedException} (they
 * are not re-run: a task may have had effects; see docs/decisions.md), and its workers move to the agents
 * left, so the pool keeps its size and keeps serving.
 */
final class ClusterPool extends PoolBase {
    private final ClusterContext context;
    private final String id = UUID.randomUUID().toString();
    private final Map<Member, Integer> shares = new HashMap<>();
    private final Map<PoolTask<?>, Member> running = new ConcurrentHashMap<>();
    /** Agents on which this pool's share is open. */
    private final Set<Member> opened = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    /** Agents seen leaving: the member list may still show them for a moment. */
    private final Set<UUID> departed = ConcurrentHashMap.newKeySet();

    /** A task's wire form: the encoded callable or function, and the encoded items of a map chunk. */
    private record Work(byte[] work, byte[] items) {
    }

    ClusterPool(ClusterContext context, PoolOptions options) {
        super(options);
        this.context = context;
        List<Member> agents = context.agentMembers();
        List<Member> placed = new ArrayList<>();
        for (int i = 0; i < options.workers(); i++) {
            Member m = agents.get(i % agents.size());
            placed.add(m);
            shares.merge(m, 1, Integer::sum);
        }
        onTermination(this::closeShares);
        for (Member m : placed) {
            workerStarted();
            threads.add(Thread.ofVirtual().name("multiproc-cluster-pool-" + m.getAddress()).start(() -> serve(m)));
        }
    }

    private void serve(Member member) {
        Member m = member;
        try {
            while (m != null) {
                PoolTask<?> task = awaitTask(Long.MAX_VALUE);
                if (task == null) {
                    return; // drained or stopped
                }
                if (!run(task, m)) {
                    m = another(m);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            workerEnded();
        }
    }

    /**
     * Runs one task on the member; {@code false} if the member has left the cluster. The answer completes the
     * task on the thread that receives it, so the caller is not woken through this worker's thread.
     */
    private boolean run(PoolTask<?> task, Member m) throws InterruptedException {
        Work w = (Work) task.wire();
        running.put(task, m);
        try {
            open(m);
            CompletableFuture<Void> answered = new CompletableFuture<>();
            context.executor().submitToMember(new Calls.RunPoolTask(id, task.id(), w.work(), w.items()), m,
                    new ExecutionCallback<Object[]>() {
                        @Override
                        public void onResponse(Object[] r) {
                            settle(task, r);
                            answered.complete(null);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            answered.completeExceptionally(t);
                        }
                    });
            answered.get(); // this worker takes its next task once the agent has answered
            return true;
        } catch (ExecutionException e) {
            if (!agentGone(e.getCause())) {
                task.completeExceptionally(WorkerException.of(e.getCause())); // e.g. a class missing on the agent
                return true;
            }
            task.completeExceptionally(new WorkerDiedException(-1, -9, "agent " + m.getAddress()
                    + " left the cluster while running this task: " + e.getCause()));
            return false;
        } catch (RuntimeException e) {
            task.completeExceptionally(e); // the call could not be made: the task fails, the worker goes on
            return true;
        } finally {
            running.remove(task);
        }
    }

    /** Completes a task with an agent's answer: {value, null} or {null, failure}. */
    @SuppressWarnings("unchecked")
    private static void settle(PoolTask<?> task, Object[] r) {
        if (r[1] != null) {
            task.completeExceptionally((Throwable) r[1]);
        } else {
            ((PoolTask<Object>) task).complete(r[0]);
        }
    }

    /** Opens this pool's share on the agent once; its options travel then, not with every task. */
    private void open(Member m) throws InterruptedException, ExecutionException {
        if (!opened.contains(m)) {
            context.executor().submitToMember(new Calls.OpenPool(context.self(), id,
                    Specs.Pool.of(options, shares.getOrDefault(m, 1), context.processSpec())), m).get();
            opened.add(m);
        }
    }

    static boolean agentGone(Throwable t) {
        return t instanceof com.hazelcast.core.MemberLeftException
                || t instanceof com.hazelcast.spi.exception.TargetNotMemberException
                || t instanceof com.hazelcast.spi.exception.TargetDisconnectedException
                || t instanceof com.hazelcast.core.HazelcastInstanceNotActiveException;
    }

    /** Where a worker of a departed agent goes: the live agent with the smallest share, or nowhere. */
    private Member another(Member gone) {
        departed.add(gone.getUuid());
        try {
            List<Member> agents = context.agentMembers().stream().filter(m -> !departed.contains(m.getUuid())).toList();
            Member next = agents.stream().min(Comparator.comparingInt(m -> shares.getOrDefault(m, 0)))
                    .orElse(null);
            if (next == null) {
                failWaiting(); // no agent left: nothing may hang
            }
            return next;
        } catch (IllegalStateException e) {
            failWaiting();
            return null;
        }
    }

    private void failWaiting() {
        for (PoolTask<?> t = nextTask(); t != null; t = nextTask()) {
            t.completeExceptionally(new WorkerDiedException(-1, -9, "no agent left in the cluster"));
        }
    }

    private void closeShares() {
        for (Member m : shares.keySet()) {
            try {
                context.executor().submitToMember(new Calls.ClosePool(context.self(), id), m);
            } catch (RuntimeException e) {
                // the agent or the client is gone: its pools went with it
            }
        }
    }

    private static byte[] encode(Object o) {
        return Codec.tasks().encode(o); // IllegalArgumentException naming the class, in the caller
    }

    @Override
    protected Object wireOfCall(Callable<?> task) {
        return new Work(StatelessTasks.encode(task), null); // a lambda that captures nothing: encoded once
    }

    @Override
    protected Object wireOfFunction(SerializableFunction<?, ?> fn) {
        return StatelessTasks.encode(fn);
    }

    @Override
    protected Object wireOfApply(Object function, List<?> items) {
        return new Work((byte[]) function, encode(new ArrayList<>(items)));
    }

    @Override
    protected List<PoolTask<?>> stopWorkers() {
        for (PoolTask<?> t : running.keySet()) {
            t.cancel(false);
        }
        closeShares();
        threads.forEach(Thread::interrupt);
        return List.of();
    }

    @Override
    protected void cancelled(PoolTask<?> task, boolean interrupt) {
        Member m = running.get(task);
        if (interrupt && m != null) {
            context.executor().submitToMember(new Calls.CancelPoolTask(id, task.id()), m);
        }
    }

    @Override
    protected void checkDeadlines(long nowNanos) {
        // the agents' local pools enforce the timeout: they kill the worker JVM and report a TimeoutException
    }

    @Override
    public String toString() {
        return "Pool(cluster, " + options + ")";
    }
}
