package dev.multiproc.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.ClusterSerializers;
import dev.multiproc.cluster.internal.agent.AgentMain;
import dev.multiproc.cluster.internal.agent.Calls;
import dev.multiproc.cluster.internal.agent.SealedCall;
import dev.multiproc.cluster.internal.agent.Secret;
import dev.multiproc.cluster.internal.agent.Specs;
import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.StatelessTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nobody without the cluster secret runs code on an agent: a driver without it, and a client that reaches the
 * agent's port and sends calls of its own (forged, unsealed, or any callable the agent's class path has), run
 * nothing; the driver with the secret runs its workers. Each attempt's code would write a marker file.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterSecretTest {
    @TempDir
    Path dir;

    @Test
    void onlyCallersWithTheSecretRunCodeOnAnAgent() throws Exception {
        String name = "secret-test-" + ProcessHandle.current().pid();
        try (Context owner = Context.cluster(ClusterOptions.local(1).withClusterName(name))) {
            String agent = ((Cluster) owner).agents().getFirst();
            Worker w = owner.worker(marker(dir.resolve("owner")));
            w.start();
            w.join();
            assertEquals(0, w.exitCode().orElseThrow());
            assertTrue(Files.exists(dir.resolve("owner")), "the driver with the secret runs its worker");

            try (Context stranger = Context.cluster(ClusterOptions.join(agent).withClusterName(name))) {
                Worker s = stranger.worker(marker(dir.resolve("stranger")));
                IllegalStateException e = assertThrows(IllegalStateException.class, s::start);
                assertTrue(e.getMessage().contains("no proof of the cluster secret"), e.getMessage());
            }

            HazelcastInstance raw = rawClient(name, agent);
            try {
                IExecutorService executor = raw.getExecutorService(AgentMain.EXECUTOR);
                Member m = raw.getCluster().getMembers().iterator().next();
                Calls.StartWorker start = new Calls.StartWorker("intruder", "w-1", "intruder",
                        Codec.tasks().encode(marker(dir.resolve("forged"))), Specs.Process.of(ProcessOptions.defaults()));
                SealedCall forged = new SealedCall.Sealer(Secret.create(dir.resolve("guessed"))).seal(start, m.getUuid());
                assertRefused(executor.submitToMember(forged, m), "its MAC is wrong");
                SealedCall unsealed = new SealedCall.Sealer(null).seal(start, m.getUuid());
                assertRefused(executor.submitToMember(unsealed, m), "no proof of the cluster secret");

                assertRefused(executor.submitToMember(new SerializableMarker(dir.resolve("java").toString()), m), "");
                assertRefused(executor.submitToMember(new PlainMarker(dir.resolve("compact").toString()), m), "");
                assertRefused(executor.submitToMember(poolTaskWrapper(dir.resolve("wrapped")), m), "");
                assertRefused(executor.submitToMember(new DataMarker(dir.resolve("data").toString()), m), "may not be loaded");
            } finally {
                raw.shutdown();
            }
            Thread.sleep(2_000); // a worker started by a call that got through would have written its marker
            for (String marker : List.of("stranger", "forged", "java", "compact", "wrapped", "data")) {
                assertFalse(Files.exists(dir.resolve(marker)), marker + ": code ran on the agent without the secret");
            }
        }
    }

    private static void assertRefused(Future<?> call, String why) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
        assertTrue(String.valueOf(e.getCause()).contains(why), String.valueOf(e.getCause()));
    }

    private static HazelcastInstance rawClient(String clusterName, String agent) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.getNetworkConfig().setAddresses(List.of(agent));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        ClusterSerializers.register(config.getSerializationConfig()); // the jar is public: an intruder has them
        return HazelcastClient.newHazelcastClient(config);
    }

    /** The wrapper in which an agent hands a pool task to its local pool: a serializable callable of multiproc. */
    private static Callable<?> poolTaskWrapper(Path marker) throws ReflectiveOperationException {
        Class<?> decoded = Class.forName(Calls.class.getName() + "$Decoded");
        var make = decoded.getDeclaredConstructor(byte[].class, byte[].class);
        make.setAccessible(true);
        String path = marker.toString();
        SerializableCallable<String> task = () -> write(path);
        return (Callable<?>) make.newInstance(StatelessTasks.encode(task), null);
    }

    private static SerializableRunnable marker(Path file) {
        String path = file.toString();
        return () -> write(path);
    }

    private static String write(String path) {
        try {
            Files.writeString(Path.of(path), "ran");
            return "ran";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A callable on the agent's class path, sent with Java serialization. */
    record SerializableMarker(String path) implements Callable<String>, Serializable {
        @Override
        public String call() {
            return write(path);
        }
    }

    /** A callable on the agent's class path that Hazelcast sends as a (not identified) {@code DataSerializable}. */
    public static final class DataMarker implements Callable<String>, DataSerializable {
        private String path;

        public DataMarker() {
        }

        DataMarker(String path) {
            this.path = path;
        }

        @Override
        public String call() {
            return write(path);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(path);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            path = in.readString();
        }
    }

    /** A callable on the agent's class path that Hazelcast sends with its reflective compact serialization. */
    static final class PlainMarker implements Callable<String> {
        private String path;

        PlainMarker() {
        }

        PlainMarker(String path) {
            this.path = path;
        }

        @Override
        public String call() {
            return write(path);
        }
    }
}
