package dev.multiproc.cluster.internal;

import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.cluster.internal.agent.AgentMain;
import dev.multiproc.cluster.internal.agent.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent JVMs of {@code ClusterOptions.local(n)}: launched with this JVM's {@code java} and class path (so
 * they have the application's classes), bound to loopback, ended when this JVM ends (they watch their
 * standard input) or when the context closes.
 */
final class LocalAgents implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<Process> agents = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final Path dir;
    private final Path secretFile;
    private final Secret secret;

    /**
     * Starts {@code n} agents: the first alone, then the others joining it, side by side.
     *
     * @param secretFile the cluster secret to give them, or {@code null} for a new one of their own
     */
    LocalAgents(int n, String clusterName, Path secretFile) {
        try {
            dir = Files.createTempDirectory("multiproc-agents-"); // only its owner may enter it
            this.secretFile = secretFile != null ? secretFile : dir.resolve("secret");
            this.secret = secretFile != null ? Secret.read(secretFile) : Secret.create(this.secretFile);
            Path args = Jvm.writePathsFile(dir); // the class path: a long one does not fit a command line
            Path first = dir.resolve("agent-0");
            agents.add(launch(args, clusterName, first, null));
            addresses.add(awaitReady(agents.get(0), first));
            List<Path> ready = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                ready.add(dir.resolve("agent-" + i));
                agents.add(launch(args, clusterName, ready.get(i - 1), addresses.get(0)));
            }
            for (int i = 1; i < n; i++) {
                addresses.add(awaitReady(agents.get(i), ready.get(i - 1)));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start local agents", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The secret the agents check, in its file: for contexts that join them. */
    Path secretFile() {
        return secretFile;
    }

    /** The secret the agents check. */
    Secret secret() {
        return secret;
    }

    List<String> addresses() {
        return List.copyOf(addresses);
    }

    List<Process> processes() {
        return List.copyOf(agents);
    }

    private Process launch(Path argFile, String clusterName, Path readyFile, String join) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Jvm.javaExecutable());
        cmd.addAll(HazelcastFlags.ALL);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // an agent mostly waits; quick start matters more than peak speed
        cmd.add("@" + argFile);
        if (AgentMain.class.getModule().isNamed()) { // on the module path: agents run there too
            cmd.addAll(List.of("-m", AgentMain.class.getModule().getName() + "/" + AgentMain.class.getName()));
        } else {
            cmd.add(AgentMain.class.getName());
        }
        cmd.addAll(List.of("--cluster-name", clusterName, "--ready-file", readyFile.toString(), "--watch-stdin",
                "--secret-file", secretFile.toString()));
        if (join != null) {
            cmd.addAll(List.of("--join", join));
        }
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start(); // stdin stays a pipe: the lifeline
    }

    private static String awaitReady(Process agent, Path readyFile) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(readyFile)) {
                return Files.readString(readyFile).trim();
            }
            if (!agent.isAlive()) {
                throw new IllegalStateException("agent exited with code " + agent.exitValue() + " before it was ready");
            }
            try {
                agent.waitFor(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting agents", e);
            }
        }
        throw new IllegalStateException("agent not ready after " + READY_TIMEOUT);
    }

    /** Ends the agents: end-of-input asks them to stop their workers and leave; SIGKILL after a grace. */
    @Override
    public void close() {
        for (Process p : agents) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                p.destroyForcibly();
            }
        }
        for (Process p : agents) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteDir();
    }

    private void deleteDir() {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless; the agents are what matters
        }
    }
}
