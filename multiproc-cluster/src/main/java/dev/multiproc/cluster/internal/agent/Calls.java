package dev.multiproc.cluster.internal.agent;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.multiproc.Pool;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.internal.codec.Codec;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The calls a driver makes on an agent through Hazelcast's {@code IExecutorService}. Tasks travel as bytes
 * encoded in the driver (so a task that cannot be serialized fails there); the agent decodes them with the
 * application's classes, which must be on its class path (the same jar on every member).
 */
public final class Calls {
    private Calls() {
    }

    /** A call that runs with the agent's runtime. */
    abstract static class AgentCall<R> implements Callable<R>, Serializable, HazelcastInstanceAware {
        @Serial
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance hz;

        @Override
        public final void setHazelcastInstance(HazelcastInstance hz) {
            this.hz = hz;
        }

        @Override
        public final R call() throws Exception {
            return call(AgentRuntime.of(hz));
        }

        abstract R call(AgentRuntime rt) throws Exception;
    }

    /** How a worker ended, as {@code Worker.exitCode()} and {@code failure()}. */
    public record Outcome(int exitCode, WorkerException failure) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Starts a worker JVM for {@code owner}; returns its pid. */
    public static final class StartWorker extends AgentCall<Long> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String owner, id, name;
        private final byte[] task;
        private final Specs.Process process;

        public StartWorker(String owner, String id, String name, byte[] task, Specs.Process process) {
            this.owner = owner;
            this.id = id;
            this.name = name;
            this.task = task;
            this.process = process;
        }

        @Override
        Long call(AgentRuntime rt) {
            SerializableRunnable target = (SerializableRunnable) Codec.tasks().decode(task);
            Worker w = rt.context(process).worker(name, new Disconnecting(target));
            rt.workers().put(id, w);
            rt.own(owner, id);
            w.start();
            return w.pid();
        }
    }

    /** The user's task, then this JVM's cluster connections closed, so that nothing holds the JVM open. */
    private record Disconnecting(SerializableRunnable target) implements SerializableRunnable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            try {
                target.run();
            } finally {
                Grid.shutdownClients();
            }
        }
    }

    /** Waits for a worker's end. */
    public static final class AwaitWorker extends AgentCall<Outcome> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String owner, id;

        public AwaitWorker(String owner, String id) {
            this.owner = owner;
            this.id = id;
        }

        @Override
        Outcome call(AgentRuntime rt) throws InterruptedException {
            Worker w = rt.workers().get(id);
            if (w == null) {
                return new Outcome(-9, WorkerException.of(new IllegalStateException("unknown worker " + id)));
            }
            w.join();
            rt.workers().remove(id);
            rt.disown(owner, id);
            return new Outcome(w.exitCode().orElseThrow(), w.failure().orElse(null));
        }
    }

    /** Sends SIGTERM or SIGKILL to a worker. */
    public static final class SignalWorker extends AgentCall<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String id;
        private final boolean kill;

        public SignalWorker(String id, boolean kill) {
            this.id = id;
            this.kill = kill;
        }

        @Override
        Boolean call(AgentRuntime rt) {
            Worker w = rt.workers().get(id);
            if (w == null) {
                return false;
            }
            if (kill) {
                w.kill();
            } else {
                w.terminate();
            }
            return true;
        }
    }

    /**
     * Runs one pool task on the agent's share of a cluster pool (a local process pool, made on first use).
     * The result is the value, or the failure the local pool reported ({@code WorkerException},
     * {@code WorkerDiedException}, {@code TimeoutException}, {@code CancellationException}).
     */
    public static final class RunPoolTask extends AgentCall<Object[]> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String owner, pool;
        private final Specs.Pool spec;
        private final long taskId;
        private final byte[] work;
        private final byte[] items; // null for a plain callable

        public RunPoolTask(String owner, String pool, Specs.Pool spec, long taskId, byte[] work, byte[] items) {
            this.owner = owner;
            this.pool = pool;
            this.spec = spec;
            this.taskId = taskId;
            this.work = work;
            this.items = items;
        }

        @Override
        Object[] call(AgentRuntime rt) throws InterruptedException {
            Pool local = rt.pools().computeIfAbsent(pool, p -> {
                rt.own(owner, p);
                return rt.context(spec.process()).pool(spec.options(rt.hazelcastFlags()));
            });
            Future<?> f = local.submit(task());
            rt.running(pool, taskId, f);
            try {
                return new Object[] {f.get(), null};
            } catch (ExecutionException e) {
                return new Object[] {null, e.getCause()};
            } catch (CancellationException e) {
                return new Object[] {null, e};
            } finally {
                rt.finished(pool, taskId);
            }
        }

        private SerializableCallable<?> task() {
            Object decoded = Codec.tasks().decode(work);
            if (items == null) {
                return (SerializableCallable<?>) decoded;
            }
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) Codec.tasks().decode(items);
            return new Apply((SerializableFunction<Object, ?>) decoded, list);
        }
    }

    /** A chunk of {@code map}: the function over its items. */
    private record Apply(SerializableFunction<Object, ?> fn, List<Object> items) implements SerializableCallable<List<Object>> {
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
    public static final class CancelPoolTask extends AgentCall<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String pool;
        private final long taskId;

        public CancelPoolTask(String pool, long taskId) {
            this.pool = pool;
            this.taskId = taskId;
        }

        @Override
        Boolean call(AgentRuntime rt) {
            Future<?> f = rt.runningTask(pool, taskId);
            return f != null && f.cancel(true);
        }
    }

    /** Stops the agent's share of a pool. */
    public static final class ClosePool extends AgentCall<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String owner, pool;

        public ClosePool(String owner, String pool) {
            this.owner = owner;
            this.pool = pool;
        }

        @Override
        Boolean call(AgentRuntime rt) {
            Pool p = rt.pools().remove(pool);
            rt.disown(owner, pool);
            if (p != null) {
                p.shutdownNow();
            }
            return p != null;
        }
    }
}
