package dev.multiproc.cluster.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.WorkerException;
import dev.multiproc.cluster.internal.agent.Calls;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.Handoff;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.Codec;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker on an agent: the agent runs it in a child JVM through its process engine, so exit codes,
 * failures with remote frames, {@code terminate}/{@code kill}, heap caps and warm spares mean what they mean
 * locally. {@link #pid()} is the child's pid on the agent's host ({@code Cluster.agentOf}).
 *
 * <p>If the agent leaves the cluster while the worker runs, the worker ends with exit code −9 and a failure
 * that says so: an agent's children end with it.
 */
public final class ClusterWorker extends WorkerBase {
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final ClusterContext context;
    private final String id = UUID.randomUUID().toString();
    private final Member chosen;
    private volatile Member member;
    private volatile long pid = -1;

    ClusterWorker(String name, SerializableRunnable target, ContextBase.Tracker tracker, ClusterContext context,
                  Member chosen) {
        super(name, target, tracker);
        this.context = context;
        this.chosen = chosen;
    }

    @Override
    protected void launch() {
        Handoff handoff = Handoff.open(false); // the worker's JVM settles the pipe ends it reads with its task
        byte[] task;
        try {
            task = Codec.tasks().encode(target); // IllegalArgumentException naming the class: nothing sent
            pid = startOnAgent(task);
        } catch (RuntimeException e) {
            handoff.cancel();
            throw e;
        } finally {
            handoff.close();
        }
        handoff.grant(pid); // an end that went alone is given away
        Member m = member;
        context.submit(new Calls.AwaitWorker(context.self(), id), m,
                new ExecutionCallback<Calls.Outcome>() {
                    @Override
                    public void onResponse(Calls.Outcome o) {
                        settle(handoff);
                        ended(o.exitCode(), o.failure());
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        settle(handoff);
                        ended(-9, WorkerException.of(new IllegalStateException("agent " + m.getAddress()
                                + " left the cluster while " + name() + " ran; its child JVM ended with it", t)));
                    }
                });
    }

    /**
     * The worker ended: pipe ends its task carried are no longer in transit (a worker that read its task settled
     * them already; this covers one that died before). Off Hazelcast's callback thread: these are remote calls.
     */
    private static void settle(Handoff handoff) {
        if (handoff.hasTransits()) {
            Thread.ofVirtual().name("multiproc-settle").start(handoff::cancel);
        }
    }

    private long startOnAgent(byte[] task) {
        Member m = chosen != null ? chosen : context.place();
        member = m;
        try {
            return context.submit(new Calls.StartWorker(context.self(), id, name(), task, context.processSpec()), m)
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("agent " + m.getAddress() + " could not start " + name() + ": "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("agent " + m.getAddress() + " did not answer in "
                    + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name(), e);
        }
    }

    ClusterContext context() {
        return context;
    }

    /** The agent member this worker runs on, once started. */
    Member member() {
        return member;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void terminate() {
        signal(Calls.Stop.TERMINATE);
    }

    @Override
    public void kill() {
        signal(Calls.Stop.KILL);
    }

    @Override
    public void interrupt() {
        signal(Calls.Stop.INTERRUPT);
    }

    private void signal(Calls.Stop how) {
        Member m = member;
        if (m == null || !isAlive()) {
            return;
        }
        try {
            context.submit(new Calls.SignalWorker(id, how), m)
                    .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the agent is gone or stuck: its children go with it, and the await call reports the end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
