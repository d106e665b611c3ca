package dev.multiproc.bench;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.cluster.internal.ClusterContext;
import dev.multiproc.cluster.internal.Grid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the AOT cache of an agent's workers buys: a fresh JVM's first Hazelcast client (what a worker on an agent
 * opens when its task touches the cluster), connecting to two local agents, with a cache trained on such a
 * connection (as the library trains it: without method profiles), with one that also holds the training's method
 * profiles, and without a cache, in turn in the same run. Prints each JVM's time to connect and its CPU time.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar dev.multiproc.bench.ClientAotProbe</pre>
 */
public final class ClientAotProbe {
    private static final int ROUNDS = 5;

    private ClientAotProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            connect(args[0], args[1]);
            return;
        }
        Path dir = Files.createTempDirectory("multiproc-client-aot");
        Path cache = dir.resolve("client.aot");
        Path profiled = dir.resolve("client-profiled.aot");
        try (ClusterContext ctx = (ClusterContext) Context.cluster(ClusterOptions.local(2))) {
            String name = ctx.client().getConfig().getClusterName();
            String members = String.join(",", ctx.client().getCluster().getMembers().stream()
                    .map(ClusterContext::address).toList());
            run(List.of("-XX:AOTCacheOutput=" + cache, "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"),
                    name, members); // the training runs
            run(List.of("-XX:AOTCacheOutput=" + profiled), name, members);
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.print("round " + round + ", with the cache:    ");
                run(List.of("-XX:AOTCache=" + cache), name, members);
                System.out.print("round " + round + ", cache + profiles:  ");
                run(List.of("-XX:AOTCache=" + profiled), name, members);
                System.out.print("round " + round + ", without a cache:   ");
                run(List.of(), name, members);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(List<String> flags, String name, String members) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=error:stderr"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientAotProbe.class.getName(), name, members));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the client's JVM failed: " + cmd);
        }
    }

    /** In the fresh JVM: the first client, as a worker's task opens it, then its close. */
    private static void connect(String name, String members) {
        long start = System.nanoTime();
        var client = Grid.newClient(new Grid.Ref(name, List.of(members.split(","))));
        long connected = System.nanoTime();
        client.shutdown();
        System.out.printf("first client %4d ms, JVM's CPU %5d ms%n", (connected - start) / 1_000_000,
                ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis());
    }
}
