package dev.multiproc.cluster.internal.agent;

import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.StatelessTasks;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The calls a driver makes on an agent; each runs on the agent's {@link AgentRuntime}. None of them is a
 * {@code Callable}: they travel sealed with the cluster secret ({@link SealedCall}), the only thing an agent's
 * {@code IExecutorService} runs for multiproc, so that an unsealed call cannot be submitted. Tasks travel as bytes encoded in the driver (so a task that cannot be serialized fails
 * there); the agent decodes them with the application's classes, which must be on its class path (the same
 * jar on every member).
 */
public final class Calls {
    private Calls() {
    }

    /**
     * A call, run on the agent once its seal has been checked.
     *
     * @param <T> what it answers
     */
    public sealed interface AgentCall<T> permits StartWorker, AwaitWorker, SignalWorker, OpenPool, RunPoolTask,
            CancelPoolTask, ClosePool, KeptOutcome, MaybeCutOff {
        /** Runs the call on this JVM's agent. */
        T run() throws Exception;
    }

    /** How a worker ended, as {@code Worker.exitCode()} and {@code failure()}. */
    public record Outcome(int exitCode, WorkerException failure) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Starts a worker JVM for {@code owner}; returns its pid. */
    public record StartWorker(String owner, String id, String name, byte[] task, Specs.Process process)
            implements AgentCall<Long>, Serializable {
        @Override
        public Long run() {
            return AgentRuntime.current().startWorker(this);
        }
    }

    /** Waits for a worker's end. */
    public record AwaitWorker(String owner, String id) implements AgentCall<Outcome>, Serializable {
        @Override
        public Outcome run() throws InterruptedException {
            return AgentRuntime.current().awaitWorker(owner, id);
        }
    }

    /** How a worker is asked to stop: {@code terminate()}, {@code kill()} or {@code interrupt()}. */
    public enum Stop {
        TERMINATE, KILL, INTERRUPT
    }

    /** Terminates, kills or interrupts a worker; {@code false} if it is not known (any more). */
    public record SignalWorker(String id, Stop how) implements AgentCall<Boolean>, Serializable {
        @Override
        public Boolean run() {
            return AgentRuntime.current().signal(id, how);
        }
    }

    /** Opens the agent's share of a cluster pool, a local process pool, once: tasks then carry only themselves. */
    public record OpenPool(String owner, String pool, Specs.Pool spec) implements AgentCall<Boolean>, Serializable {
        @Override
        public Boolean run() {
            return AgentRuntime.current().openPool(this);
        }
    }

    /**
     * Runs one pool task on the agent's share of a cluster pool, opened before by {@link OpenPool}.
     * The answer holds the value, or the failure the local pool reported. It travels, as this call does,
     * through {@link CallSerializers}.
     *
     * @param answered the task whose answer the driver last received from this agent on the same slot, whose
     *                 outcome the agent need not keep any more; {@code -1} if none
     * @param items the encoded items of a map chunk, or {@code null} when {@code work} is a plain callable
     * @param stateless whether {@code work} is a lambda that captures nothing
     */
    public record RunPoolTask(String pool, long taskId, long answered, byte[] work, byte[] items, boolean stateless)
            implements AgentCall<Answer> {
        @Override
        public Answer run() throws InterruptedException {
            return AgentRuntime.current().runPoolTask(this, task());
        }

        /**
         * The task for the agent's local pool: decoded in the pool's worker JVM, never in the agent, so that the
         * handles it carries attach where it runs (a pipe end holds itself for the JVM that reads it). A plain
         * lambda that captures nothing carries no handle: the agent decodes it once, and the local pool sends
         * it as its own cached bytes (a wrapper would be serialized again for every task).
         */
        private Callable<?> task() {
            if (stateless && items == null) {
                return (Callable<?>) StatelessTasks.decode(work);
            }
            return new Decoded(work, items);
        }
    }

    /**
     * A pool task as the driver encoded it: a callable, or a map function and its chunk of items. A lambda that
     * captures nothing is decoded once per worker JVM.
     */
    private record Decoded(byte[] work, byte[] items) implements SerializableCallable<Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object call() throws Exception {
            Object decoded = StatelessTasks.decode(work);
            if (items == null) {
                return ((Callable<?>) decoded).call();
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) Codec.tasks().decode(items);
            @SuppressWarnings("unchecked")
            SerializableFunction<Object, ?> fn = (SerializableFunction<Object, ?>) decoded;
            return new Apply(fn, list).call();
        }
    }

    /**
     * A pool task's outcome: its value, or the failure the agent's local pool reported ({@code WorkerException},
     * {@code WorkerDiedException}, {@code TimeoutException}, {@code CancellationException}).
     */
    public record Answer(Object value, Throwable failure) {
    }

    /** A chunk of {@code map}: the function over its items. */
    private record Apply(SerializableFunction<Object, ?> fn, List<Object> items)
            implements SerializableCallable<List<Object>> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public List<Object> call() {
            List<Object> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(fn.apply(item));
            }
            return out;
        }
    }

    /** Cancels a running pool task: its worker JVM is killed and replaced, as in a local pool. */
    public record CancelPoolTask(String pool, long taskId) implements AgentCall<Boolean>, Serializable {
        @Override
        public Boolean run() {
            return AgentRuntime.current().cancelPoolTask(pool, taskId);
        }
    }

    /**
     * The outcome of a pool task whose answer did not reach the driver (a split cut the agent off), kept by the
     * agent since ({@link AgentRuntime#keptOutcome}): its {@link Answer}, {@link Pending#RUNNING}, or {@code null}
     * if the agent has no record of it.
     */
    public record KeptOutcome(String pool, long taskId) implements AgentCall<Object>, Serializable {
        @Override
        public Object run() {
            return AgentRuntime.current().keptOutcome(pool, taskId);
        }
    }

    /** A pool task's outcome that is not there yet. */
    public enum Pending {
        /** The task still runs on the agent. */
        RUNNING
    }

    /**
     * Whether the agent at {@code address} (gone from the driver's view) may live on, cut off by a split: it fell
     * silent before it left, as seen by the agent asked ({@link Beats#maybeCutOff}); {@code false} for a crash.
     */
    public record MaybeCutOff(String address) implements AgentCall<Boolean>, Serializable {
        @Override
        public Boolean run() {
            return AgentRuntime.current().maybeCutOff(address);
        }
    }

    /** Stops the agent's share of a pool. */
    public record ClosePool(String owner, String pool) implements AgentCall<Boolean>, Serializable {
        @Override
        public Boolean run() {
            return AgentRuntime.current().closePool(owner, pool);
        }
    }
}
