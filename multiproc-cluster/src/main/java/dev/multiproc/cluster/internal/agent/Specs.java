package dev.multiproc.cluster.internal.agent;

import dev.multiproc.Output;
import dev.multiproc.PoolOptions;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.cluster.internal.HazelcastFlags;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The options records in a serializable form, for the calls to agents. */
public final class Specs {
    private Specs() {
    }

    /**
     * {@link ProcessOptions} on the wire. The {@code java} and an output directory are paths on the agent's
     * host; inherited JVM options are the agent's own (the agent is the workers' parent there).
     */
    public record Process(List<String> jvmArgs, String maxHeap, Map<String, String> environment, int warmSpares,
                          boolean inheritJvmArgs, String javaExecutable, String outputKind, String outputDirectory)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        public static Process of(ProcessOptions o) {
            Output.Choice out = (Output.Choice) o.output();
            return new Process(List.copyOf(o.jvmArgs()), o.maxHeap(), Map.copyOf(o.environment()), o.warmSpares(),
                    o.inheritJvmArgs(), o.javaExecutable() == null ? null : o.javaExecutable().toString(),
                    out.kind().name(), out.directory() == null ? null : out.directory().toString());
        }

        /** The options on the agent, with Hazelcast's flags (a worker JVM may connect to the cluster) and the agent's. */
        ProcessOptions options(List<String> agentFlags) {
            List<String> args = new java.util.ArrayList<>(HazelcastFlags.ALL);
            args.addAll(agentFlags);
            args.addAll(jvmArgs);
            return new ProcessOptions(args, maxHeap, environment, warmSpares, inheritJvmArgs,
                    javaExecutable == null ? null : Path.of(javaExecutable), output());
        }

        private Output output() {
            return switch (Output.Kind.valueOf(outputKind)) {
                case INHERIT -> Output.inherit();
                case PREFIXED -> Output.prefixed();
                case DISCARD -> Output.discard();
                case DIRECTORY -> Output.toDirectory(Path.of(outputDirectory));
            };
        }
    }

    /** {@link PoolOptions} on the wire, with this agent's share of the workers. */
    public record Pool(int workers, int maxTasksPerWorker, SerializableRunnable initializer, Duration taskTimeout,
                       Process process, Duration gracePeriod) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** The options of one agent's share; a pool without its own process options takes the context's. */
        public static Pool of(PoolOptions o, int workers, Process contexts) {
            return new Pool(workers, o.maxTasksPerWorker(), o.initializer(), o.taskTimeout(),
                    o.processOptions() == null ? contexts : Process.of(o.processOptions()), o.gracePeriod());
        }

        /**
         * The options of the share's local pool, in the agent's context for {@link #process()}: its workers come
         * from that context as any worker of the agent does (its warm spares, connected ahead, and the agent's
         * flags), not from spares of the pool's own, which would boot JVMs only to end them when the pool closes.
         */
        PoolOptions options() {
            return new PoolOptions(workers, maxTasksPerWorker, initializer, taskTimeout, null,
                    gracePeriod, null); // the listener stays with the pool's owner, which completes its tasks
        }
    }
}
