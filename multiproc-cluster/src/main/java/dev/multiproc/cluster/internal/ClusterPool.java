package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerDiedException;
import dev.multiproc.WorkerException;
import dev.multiproc.cluster.internal.agent.Calls;
import dev.multiproc.cluster.internal.store.Failures;
import dev.multiproc.cluster.internal.store.MemberGone;
import dev.multiproc.cluster.internal.agent.Specs;
import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.StatelessTasks;
import dev.multiproc.internal.engine.PoolBase;
import dev.multiproc.internal.engine.PoolTask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool over the agents: its workers are spread over the agents (round robin), and each agent runs its share
 * as a local process pool, so crashes, timeouts that kill and recycling work as in a local pool. Here, a worker
 * is a {@link Slot}: a place on an agent for one task at a time, sent through Hazelcast's
 * {@code IExecutorService} by whichever thread finds the slot free and a task waiting (the submitting
 * thread, or the one that saw the previous answer). There is no thread per worker.
 *
 * <p>A caller that blocks on a task waits on the call's answer itself, relayed by the thread that receives it,
 * so the answer wakes the caller directly; a hand-off through another thread costs a wake-up, which measured
 * at +50 % of the whole round trip (docs/decisions.md).
 *
 * <p>When an agent leaves the cluster, its slots move to the agents left, so the pool keeps its size and keeps
 * serving, and the tasks it was running are not run again (a task may have had effects; see
 * docs/decisions.md). If it crashed, they fail with {@link WorkerDiedException}. If a split cut it off, they
 * may have run to their end there: each waits for the agent's return, up to {@link #OUTCOME_WAIT_NANOS}, and
 * then gets the outcome the agent kept for it (its value, its failure, or its death when the cut-off agent
 * stopped it), as it happened.
 */
final class ClusterPool extends PoolBase<ClusterPool.Work, byte[]> {
    /** How long a caller waits on a call's future before it looks whether its task was cancelled meanwhile. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How long a task whose agent was cut off waits for the agent's return (the heal and the merge) before it
     * fails with its outcome unknown. The agent keeps the outcome longer ({@code KEEP_OUTCOMES_MINUTES}).
     */
    static final long OUTCOME_WAIT_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long ASK_MILLIS = 10_000;

    private final ClusterContext context;
    private final String id = UUID.randomUUID().toString();
    private final Map<Member, Integer> shares = new HashMap<>();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<PoolTask<?>, Sent> running = new ConcurrentHashMap<>();
    /** Tasks whose agent was cut off while they ran, waiting for its return: {@code shutdownNow()} cancels them. */
    private final Set<PoolTask<?>> awaitingOutcome = ConcurrentHashMap.newKeySet();
    /** Set by {@code shutdownNow()}: a task that starts waiting for its outcome after it is cancelled at once. */
    private volatile boolean stoppedNow;
    /** The call opening this pool's share on an agent, made once per agent: tasks then carry only themselves. */
    private final Map<Member, CompletableFuture<?>> opened = new ConcurrentHashMap<>();
    /** Agents seen leaving: the member list may still show them for a moment. */
    private final Set<UUID> departed = ConcurrentHashMap.newKeySet();

    /**
     * A task's wire form: the encoded callable or function, the encoded items of a map chunk, and whether the
     * work is a lambda that captures nothing (an agent may then decode it itself: it carries no handles).
     */
    record Work(byte[] work, byte[] items, boolean stateless) {
    }

    /** One of the pool's workers: runs one task at a time on its agent, and moves when the agent leaves. */
    private final class Slot {
        private volatile Member member;
        /** The task whose answer came last from this slot's agent, {@code -1} if none: the agent may forget it. */
        private volatile long answered = -1;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Slot(Member member) {
            this.member = member;
        }

        /** Claims the slot for one task; {@code false} if it is busy or has ended. */
        boolean claim() {
            return !ended.get() && busy.compareAndSet(false, true);
        }

        void release() {
            busy.set(false);
        }

        /** Ends the worker for good (counted once). */
        void end() {
            if (ended.compareAndSet(false, true)) {
                workerEnded();
            }
        }
    }

    /** A task on its way to an agent, or running there: finished once, by whoever sees the answer first. */
    private record Sent(Slot slot, Member member, PoolTask<?> task, CompletableFuture<Calls.Answer> answer,
                        AtomicBoolean finished) {
    }

    ClusterPool(ClusterContext context, PoolOptions options) {
        super(options);
        this.context = context;
        List<Member> agents = context.agentMembers();
        for (int i = 0; i < options.workers(); i++) {
            Member m = agents.get(i % agents.size());
            slots.add(new Slot(m));
            shares.merge(m, 1, Integer::sum);
        }
        onTermination(this::closeShares);
        shares.keySet().forEach(this::opening); // under way while the first tasks are submitted
        slots.forEach(s -> workerStarted());
    }

    // ---- sending ------------------------------------------------------------------------------

    /** Gives waiting tasks to free slots, in the calling thread; the calls return at once. */
    @Override
    protected void dispatch() {
        boolean again = true;
        while (again) {
            again = false;
            for (Slot slot : slots) {
                if (hasWaiting() && slot.claim()) {
                    PoolTask<?> task = nextTask();
                    if (task == null) {
                        slot.release(); // another thread took it
                    } else if (!send(slot, task)) {
                        again = true; // the call ended at once and freed the slot
                    }
                }
            }
        }
    }

    /** Sends a task from a claimed slot; {@code false} if its call ended at once (finished here, slot free). */
    private boolean send(Slot slot, PoolTask<?> task) {
        Member m = slot.member;
        Work w = wire(task);
        Calls.RunPoolTask call = new Calls.RunPoolTask(id, task.id(), slot.answered, w.work(), w.items(),
                w.stateless());
        CompletableFuture<Calls.Answer> answer;
        try {
            CompletableFuture<?> open = opening(m);
            answer = open.isDone() && !open.isCompletedExceptionally() ? submit(call, m)
                    : open.thenCompose(x -> submit(call, m));
        } catch (RuntimeException e) {
            task.fail(Failures.translate("pool task", e)); // the call could not be made, e.g. the client was shut down
            slot.release();
            return false;
        }
        Sent sent = new Sent(slot, m, task, answer, new AtomicBoolean());
        running.put(task, sent);
        if (answer.isDone()) {
            finish(sent);
            return false;
        }
        answer.whenComplete((r, e) -> {
            if (finish(sent)) {
                dispatch();
            }
        });
        return true;
    }

    /**
     * Sends a task; its answer is relayed by the thread that receives it to a future of our own. Waiting on the
     * client's future directly is ~15 % faster, but a Hazelcast client fails that future when a waiting thread is
     * interrupted and drops the answer, which would lose the task's result for everyone (docs/decisions.md).
     */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Calls.Answer> submit(Calls.RunPoolTask call, Member m) {
        CompletableFuture<Calls.Answer> relay = new CompletableFuture<>();
        ((CompletableFuture<Calls.Answer>) context.submit(call, m)).whenCompleteAsync((r, e) -> {
            if (e == null) {
                relay.complete(r);
            } else {
                relay.completeExceptionally(e);
            }
        }, Runnable::run); // on the receiving thread: no hand-off to a pool, which measured +50 % of a round trip
        return relay;
    }

    /** The call opening this pool's share on the agent: made once; a failed one is made again next time. */
    private CompletableFuture<?> opening(Member m) {
        CompletableFuture<?> f = opened.get(m);
        if (f != null && !f.isCompletedExceptionally()) {
            return f;
        }
        CompletableFuture<?> made = (CompletableFuture<?>) context.submit(new Calls.OpenPool(
                context.self(), id, Specs.Pool.of(options, shares.getOrDefault(m, 1), context.processSpec())), m);
        boolean mine = f == null ? opened.putIfAbsent(m, made) == null : opened.replace(m, f, made);
        return mine ? made : opened.get(m); // else another thread's call won (opening twice is harmless)
    }

    // ---- answers ------------------------------------------------------------------------------

    /**
     * Waits for the task's answer on the remote call's future, so that the answer wakes this thread itself, and
     * finishes the task here. The wait is cut in slices so that a task cancelled meanwhile is seen; it returns
     * at the deadline or on interrupt (the flag is kept), and the caller's own wait takes over.
     */
    @Override
    protected void beforeWait(PoolTask<?> task, long maxNanos) {
        Sent sent = running.get(task);
        if (sent == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            while (!task.isDone() && !sent.answer().isDone()) {
                long left = maxNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    return;
                }
                try {
                    sent.answer().get(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException | RuntimeException e) {
                    // not yet, or the call failed: the loop's test decides
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (sent.answer().isDone() && finish(sent)) {
            dispatch();
        }
    }

    /**
     * Completes the task with its call's answer (the call is done), then frees the slot.
     *
     * @return {@code true} if this thread finished it (the slot is free: tasks may be dispatched)
     */
    private boolean finish(Sent sent) {
        if (!sent.finished().compareAndSet(false, true)) {
            return false;
        }
        Calls.Answer r = null;
        Throwable failure = null;
        try {
            r = sent.answer().join();
        } catch (CompletionException e) {
            failure = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
        } catch (RuntimeException e) {
            failure = e; // cancelled
        }
        running.remove(sent.task());
        if (failure == null && sent.member().equals(sent.slot().member)) {
            sent.slot().answered = sent.task().id();
        }
        settle(sent, r, failure);
        sent.slot().release();
        return true;
    }

    /** Completes a task with an agent's answer, or with the failure of the call itself. */
    @SuppressWarnings("unchecked")
    private void settle(Sent sent, Calls.Answer r, Throwable failure) {
        PoolTask<?> task = sent.task();
        if (failure == null && r.failure() == null) {
            ((PoolTask<Object>) task).succeed(r.value());
        } else if (failure == null) {
            task.fail(r.failure());
            if (r.failure() instanceof WorkerDiedException died) {
                workerReplaced(died.pid(), died.exitCode()); // its agent's pool has started another in its place
            }
        } else if (MemberGone.neverSent(failure)) {
            giveBack(List.of(task)); // its agent had left before the call went out: it runs on another
            move(sent.slot(), sent.member());
            workerReplaced(-1, -9);
        } else if (agentGone(failure)) {
            move(sent.slot(), sent.member());
            workerReplaced(-1, -9); // the slot runs on another agent from now on
            awaitOutcome(task, sent.member(), failure);
        } else {
            task.fail(WorkerException.of(failure)); // e.g. a class missing on the agent
        }
    }

    /**
     * The task's agent left while it ran. On a thread of its own (this may be the thread that receives the
     * cluster's answers, which must not wait for one): if another agent heard it fall silent first (a split, not
     * a crash), waits for its return and the outcome it kept; else fails the task.
     */
    private void awaitOutcome(PoolTask<?> task, Member gone, Throwable failure) {
        String address = ClusterContext.address(gone);
        awaitingOutcome.add(task);
        if (stoppedNow) {
            task.cancel(false); // shutdownNow() came between the answer and here: it cancels what waits
        }
        Thread.ofVirtual().name("multiproc-outcome-" + task.id()).start(() -> {
            try {
                Boolean cutOff = maybeCutOff(address);
                if (Boolean.TRUE.equals(cutOff)) {
                    recover(task, address);
                } else {
                    task.fail(new WorkerDiedException(-1, -9, "agent " + address + " left the cluster while running "
                            + "this task (" + (cutOff == null ? "no other agent could tell whether it crashed or was cut "
                            + "off" : "it crashed, or shut down") + "; the task is not run again): " + failure));
                }
            } finally {
                if (!task.isDone()) { // nothing may hang
                    task.fail(new WorkerDiedException(-1, -9, "agent " + address + " left the cluster while running "
                            + "this task, and its outcome could not be asked for (this JVM is closing)"));
                }
                awaitingOutcome.remove(task);
            }
        });
    }

    /**
     * Whether a live agent heard the agent at {@code address} fall silent before it left (a split) or not (a
     * crash, or a shutdown); {@code null} if no agent answers (none left, or this JVM's connection is closed).
     */
    private Boolean maybeCutOff(String address) {
        for (Member m : liveAgents(address)) {
            try {
                return context.submit(new Calls.MaybeCutOff(address), m).get(ASK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // ask the next one
            }
        }
        return null;
    }

    private List<Member> liveAgents(String except) {
        try {
            return context.agentMembers().stream().filter(m -> !ClusterContext.address(m).equals(except)).toList();
        } catch (IllegalStateException e) {
            return List.of(); // no agent at all
        }
    }

    /**
     * Waits for the agent at {@code address} to be back, then completes the task with the outcome it kept; asks
     * again while the task still runs there (a split that did not stop its pool), up to the same bound.
     */
    @SuppressWarnings("unchecked")
    private void recover(PoolTask<?> task, String address) {
        long end = System.nanoTime() + OUTCOME_WAIT_NANOS;
        while (!task.isDone() && System.nanoTime() < end) {
            Member back = liveAgents(null).stream()
                    .filter(m -> ClusterContext.address(m).equals(address)).findFirst().orElse(null);
            if (back != null) {
                try {
                    Object kept = context.submit(new Calls.KeptOutcome(id, task.id()), back)
                            .get(ASK_MILLIS, TimeUnit.MILLISECONDS);
                    if (kept == null) {
                        task.fail(new WorkerDiedException(-1, -9, "agent " + address + " was cut off from this JVM "
                                + "while running this task and is back with no record of it (the task never reached "
                                + "its pool, or the agent was restarted): it may have run; it is not run again"));
                        return;
                    }
                    if (kept instanceof Calls.Answer answer) {
                        if (answer.failure() == null) {
                            ((PoolTask<Object>) task).succeed(answer.value());
                        } else {
                            task.fail(answer.failure());
                        }
                        return;
                    }
                    // Pending.RUNNING: it still runs there; its outcome is kept when it ends
                } catch (InterruptedException e) {
                    return; // the pool's JVM is closing: the caller fails the task
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    // back in the member list, not yet answering (merging): ask again
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (!task.isDone()) {
            task.fail(new WorkerDiedException(-1, -9, "agent " + address + " was cut off from this JVM while running "
                    + "this task and has not given its outcome within " + TimeUnit.NANOSECONDS.toMinutes(OUTCOME_WAIT_NANOS)
                    + " min: it is unknown (it may have run; it is not run again)"));
        }
    }

    /** Whether a task's call failed because its agent left (or this JVM's own connection to the cluster closed). */
    static boolean agentGone(Throwable t) {
        return MemberGone.is(t) || t instanceof com.hazelcast.core.HazelcastInstanceNotActiveException;
    }

    /** A slot whose agent left goes to the live agent with the smallest share, or ends if there is none. */
    private void move(Slot slot, Member gone) {
        departed.add(gone.getUuid());
        Member next = null;
        try {
            next = context.agentMembers().stream().filter(m -> !departed.contains(m.getUuid()))
                    .min(Comparator.comparingInt(m -> shares.getOrDefault(m, 0))).orElse(null);
        } catch (IllegalStateException e) {
            // no agent at all
        }
        if (next != null) {
            slot.member = next;
            slot.answered = -1;
            return;
        }
        slot.end();
        if (slots.stream().allMatch(s -> s.ended.get())) {
            for (PoolTask<?> t = nextTask(); t != null; t = nextTask()) {
                t.fail(new WorkerDiedException(-1, -9, "no agent left in the cluster")); // nothing may hang
            }
        }
    }

    // ---- the end ------------------------------------------------------------------------------

    /** Closes the pool's share on every agent, each after its opening call (so a close cannot overtake it). */
    private void closeShares() {
        opened.forEach((m, open) -> open.whenComplete((x, e) -> {
            try {
                context.submit(new Calls.ClosePool(context.self(), id), m);
            } catch (RuntimeException gone) {
                // the agent or the client is gone: its pools went with it
            }
        }));
    }

    @Override
    protected void drained() {
        slots.forEach(Slot::end);
    }

    @Override
    protected List<PoolTask<?>> stopWorkers() {
        stoppedNow = true;
        for (PoolTask<?> t : running.keySet()) {
            t.cancel(false);
        }
        for (PoolTask<?> t : awaitingOutcome) {
            t.cancel(false);
        }
        slots.forEach(Slot::end);
        return List.of();
    }

    @Override
    protected void cancelled(PoolTask<?> task, boolean interrupt) {
        Sent sent = running.get(task);
        if (interrupt && sent != null) {
            context.submit(new Calls.CancelPoolTask(id, task.id()), sent.member());
        }
    }

    @Override
    protected void checkDeadlines(long nowNanos) {
        // the agents' local pools enforce the timeout: they kill the worker JVM and report a TimeoutException
    }

    // ---- wire forms ---------------------------------------------------------------------------

    private static byte[] encode(Object o) {
        return Codec.tasks().encode(o); // IllegalArgumentException naming the class, in the caller
    }

    @Override
    protected Work wireOfCall(Callable<?> task) {
        // a lambda that captures nothing: encoded once
        return new Work(StatelessTasks.encode(task), null, StatelessTasks.isStateless(task));
    }

    @Override
    protected byte[] wireOfFunction(SerializableFunction<?, ?> fn) {
        return StatelessTasks.encode(fn);
    }

    @Override
    protected Work wireOfApply(byte[] function, List<?> items) {
        return new Work(function, encode(new ArrayList<>(items)), false);
    }

    @Override
    public String toString() {
        return "Pool(cluster, " + options + ")";
    }
}
