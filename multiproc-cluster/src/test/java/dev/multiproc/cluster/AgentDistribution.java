package dev.multiproc.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The agent's distribution as the integration tests use it: unpacked where a test says, agents awaited. */
final class AgentDistribution {
    private AgentDistribution() {
    }

    /** Unpacks the archive {@code package} made (system property {@code multiproc.agent.distribution}) into {@code dir}. */
    static Path unpack(Path dir) throws Exception {
        Path archive = Path.of(System.getProperty("multiproc.agent.distribution"));
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError("no distribution at " + archive);
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new AssertionError("tar failed on " + archive);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** The {@code host:port} an agent writes to its ready file once it is a member; fails if it ends first. */
    static String awaitReady(Path ready, Process agent, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready) && !Files.readString(ready).isBlank()) {
                return Files.readString(ready).trim();
            }
            if (!agent.isAlive()) {
                throw new AssertionError("the agent ended (" + agent.exitValue() + "): " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the agent was not ready in 90 s: " + Files.readString(log));
    }
}
