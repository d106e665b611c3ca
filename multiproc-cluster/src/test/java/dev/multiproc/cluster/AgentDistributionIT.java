package dev.multiproc.cluster;

import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.cluster.internal.EmbeddedMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's distribution as a user deploys it: the archive {@code package} made, unpacked into a directory of
 * its own, {@code bin/multiproc-agent} started with the application's classes on its command line, and a
 * context joining it to run a pool task whose class only the application has.
 */
@Timeout(120)
class AgentDistributionIT {

    @Test
    void distribution_unpackedAndStarted_runsTheApplicationsTaskFromItsLib(@TempDir Path dir) throws Exception {
        Path home = AgentDistribution.unpack(dir);
        Path bin = home.resolve("bin/multiproc-agent");
        assertTrue(Files.isExecutable(bin), bin + " is executable");
        List<String> lib;
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            lib = files.map(f -> f.getFileName().toString()).toList();
        }
        for (String jar : List.of("multiproc-core-", "multiproc-cluster-", "hazelcast-")) {
            assertTrue(lib.stream().anyMatch(f -> f.startsWith(jar) && f.endsWith(".jar")), jar + "*.jar in " + lib);
        }

        String name = "dist-" + UUID.randomUUID();
        Path ready = dir.resolve("ready");
        Path testClasses = Path.of(AgentDistributionIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--classpath", testClasses.toString(),
                "--port", Integer.toString(EmbeddedMembers.freePorts(1)[0]), "--cluster-name", name, "--ready-file", ready.toString(),
                "--watch-stdin").redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process agent = pb.start();
        try {
            String hostPort = AgentDistribution.awaitReady(ready, agent, dir.resolve("agent.log"));
            try (Cluster ctx = Context.cluster(ClusterOptions.join(hostPort).withClusterName(name));
                 Pool pool = ctx.pool(1)) {
                String classPath = pool.submit(() -> System.getProperty("java.class.path")).get(60, TimeUnit.SECONDS);
                assertTrue(classPath.contains(home.resolve("lib").toString()), "the worker runs from the distribution: "
                        + classPath);
                assertTrue(classPath.contains(testClasses.toString()), "with the application's classes: " + classPath);
                assertEquals(42, pool.submit(() -> 6 * 7).get(60, TimeUnit.SECONDS));
            }
        } finally {
            agent.getOutputStream().close(); // --watch-stdin: the agent ends
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.descendants().forEach(ProcessHandle::destroyForcibly);
                agent.destroyForcibly();
            }
        }
    }
}
