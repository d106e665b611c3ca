package dev.multiproc.cluster;

import dev.multiproc.cluster.internal.agent.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agents on hosts of their own: three network namespaces for three agents started from the distribution and bound
 * to private addresses with {@code --allow-network}, a fourth for the driver ({@link MultiHostDriver}, a program
 * joining them with {@code withNetworkAccess()} and the agents' secret), a fifth for a client program that stays
 * on the side a split cuts off ({@link MultiHostCutClient}), all joined by veth pairs on a bridge; a split moves
 * one agent's host and the client's onto a second bridge. Needs root (as the build
 * runs in CI); skipped elsewhere. Everything it makes is torn down after. It runs beside the module's other
 * tests (its class alone is concurrent; the build runs it with them, after {@code package}): most of its two
 * minutes wait out a split's failure detector and fence, on cores the others use meanwhile.
 */
@Timeout(600)
@Execution(ExecutionMode.CONCURRENT)
class MultiHostIT {
    private static final String NET = "10.78.0.";
    private static final String BRIDGE = "mpbr0";
    /** The agents' failure detector, shorter than Hazelcast's 60 s so that the long split costs less time. */
    private static final int HEARTBEAT_TIMEOUT = MultiHostDriver.HEARTBEAT_SECONDS;
    private static final int DRIVER_HEARTBEAT_TIMEOUT_MILLIS = 45_000;
    /** A second bridge: a split moves the host cut off (and the cut-side client's) onto it, away from the others. */
    private static final String CUT_BRIDGE = "mpbr1";
    /** Agents' hosts, the driver's, and that of a client program that stays on the side cut off. */
    private static final List<String> HOSTS = List.of("mpa1", "mpa2", "mpa3", "mpd", "mpc");
    private static final String CLIENT_HOST = "mpc";
    private final List<Process> started = new ArrayList<>();
    private Path flowDirectory;

    @Test
    void agentsOnThreeHosts_mapLockQueuePlacementAndAKilledAgent(@TempDir Path dir) throws Exception {
        // in CI (as root) this must run: a skip there would hide a regression
        boolean ci = "true".equals(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(canMakeNamespaces(), "network namespaces need root");
        }
        long testBegun = System.nanoTime();
        makeHosts();
        Path home = AgentDistribution.unpack(dir);
        Path testClasses = Path.of(MultiHostIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String name = "hosts-" + UUID.randomUUID();
        Path secret = dir.resolve("secret");
        Secret.create(secret); // as a user makes one: 32 random bytes, base64, readable by its owner alone
        List<String> agents = new ArrayList<>();
        List<Process> agentProcesses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String address = NET + (11 + i);
            Path ready = dir.resolve("ready-" + i);
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", HOSTS.get(i),
                    home.resolve("bin/multiproc-agent").toString(), "--classpath", testClasses.toString(),
                    "--bind", address, "--allow-network", "--secret-file", secret.toString(), "--port", "5701",
                    "--heartbeat-timeout", Integer.toString(HEARTBEAT_TIMEOUT),
                    "--cluster-name", name,
                    "--ready-file", ready.toString(), "--watch-stdin"));
            if (i > 0) {
                cmd.addAll(List.of("--join", NET + "11:5701"));
            }
            Process agent = start(cmd, dir.resolve("agent-" + i + ".log"));
            agentProcesses.add(agent);
            agents.add(AgentDistribution.awaitReady(ready, agent, dir.resolve("agent-" + i + ".log")));
        }
        List<String> driverCmd = new ArrayList<>(List.of("ip", "netns", "exec", "mpd",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("src/main/resources/dev/multiproc/cluster/hazelcast-jvm.args").toAbsolutePath(),
                // the driver's client drops a silent agent after 45 s, not 60: above the agents' 30 s plus the 10 s
                // between Hazelcast's looks, so that a worker is stopped before it is reported dead
                "-Dhazelcast.client.heartbeat.timeout=" + DRIVER_HEARTBEAT_TIMEOUT_MILLIS,
                "-cp", System.getProperty("java.class.path"), MultiHostDriver.class.getName(), name, secret.toString()));
        driverCmd.addAll(agents);
        Process driver = new ProcessBuilder(driverCmd).redirectError(dir.resolve("driver.err").toFile()).start();
        started.add(driver);
        List<String> lines = new ArrayList<>();
        List<String> timed = new ArrayList<>(); // the driver's lines with when they came: where the test's time goes
        long begun = System.nanoTime();
        timed.add(String.format("set-up: hosts made, agents ready, driver started in %.1f s; then, from there:",
                (begun - testBegun) / 1e9));
        BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            timed.add(String.format("%6.1f s %s", (System.nanoTime() - begun) / 1e9, line));
            if (line.startsWith("cut ") || line.startsWith("heal ")) {
                String[] order = line.split(" ");
                String host = HOSTS.get(agents.indexOf(order[1]));
                // the host (and the client program's) on a bridge of their own: they reach each other, not the rest
                String bridge = order[0].equals("cut") ? CUT_BRIDGE : BRIDGE;
                for (String h : List.of(host, CLIENT_HOST)) {
                    run("ip", "link", "set", "v" + h, "master", bridge);
                }
                OutputStream in = driver.getOutputStream();
                in.write((order[0] + " done\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            if (line.startsWith("client ")) { // a program on the side to be cut off, which nobody will stop there
                List<String> clientCmd = new ArrayList<>(List.of("ip", "netns", "exec", CLIENT_HOST,
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "@" + Path.of("src/main/resources/dev/multiproc/cluster/hazelcast-jvm.args").toAbsolutePath(),
                        "-Dhazelcast.client.heartbeat.timeout=" + DRIVER_HEARTBEAT_TIMEOUT_MILLIS,
                        "-cp", System.getProperty("java.class.path"), MultiHostCutClient.class.getName(),
                        line.substring(7)));
                start(clientCmd, dir.resolve("client.log"));
                flowDirectory = Path.of(line.substring(7)); // the driver's, removed by it; by tearDown if it failed
                OutputStream in = driver.getOutputStream();
                in.write("client started\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            if (line.startsWith("kill ")) {
                Process victim = agentProcesses.get(agents.indexOf(line.substring(5)));
                victim.toHandle().descendants().forEach(ProcessHandle::destroyForcibly); // the agent JVM and its workers
                victim.destroyForcibly();
                OutputStream in = driver.getOutputStream();
                in.write("killed\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        }
        keepLogs(dir); // for a failure's diagnosis: the agents' logs hold their workers' output
        assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the driver ended");
        String err = Files.readString(dir.resolve("driver.err"));
        assertEquals(0, driver.exitValue(), "driver: " + lines + "\n" + err);
        assertEquals("done", lines.getLast(), lines.toString());
        assertEquals(9, lines.stream().filter(l -> l.startsWith("ok ")).count(), lines.toString());
        timed.forEach(l -> System.out.println("multi-host: " + l)); // the figures, in the build's log
        keepLogs(dir);
        // the split: the host cut off (the second) heard no majority and stopped its workers, once; the majority's
        // agents did not
        for (int i = 0; i < 3; i++) {
            long stops = Files.readString(dir.resolve("agent-" + i + ".log")).lines()
                    .filter(l -> l.contains("stopping its workers")).count();
            assertEquals(i == 1 ? 1 : 0, stops, "agent " + i + "'s stops of its workers as cut off");
        }
    }

    /** Copies the agents' and the driver's logs to {@code target/multihost-logs}, which outlives the test. */
    private static void keepLogs(Path dir) throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "multihost-logs"));
        try (var logs = Files.newDirectoryStream(dir, "*.{log,err}")) {
            for (Path log : logs) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Process start(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return p;
    }

    /** Four namespaces, each with loopback and one end of a veth pair whose other end is on the bridge. */
    private static void makeHosts() throws Exception {
        for (String bridge : List.of(BRIDGE, CUT_BRIDGE)) {
            run("ip", "link", "add", bridge, "type", "bridge");
            run("ip", "link", "set", bridge, "up");
        }
        for (int i = 0; i < HOSTS.size(); i++) {
            String ns = HOSTS.get(i), outside = "v" + ns, inside = "e" + ns;
            String address = NET + (i < 3 ? 11 + i : 17 + i); // agents .11-.13, the driver .20, the client .21
            run("ip", "netns", "add", ns);
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
            run("ip", "link", "set", inside, "netns", ns);
            run("ip", "link", "set", outside, "master", BRIDGE);
            run("ip", "link", "set", outside, "up");
            run("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", inside);
            run("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroy(); // SIGTERM first: an agent's hooks stop its workers and remove its link directory
        }
        for (Process p : started) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Process p : started) { // what did not end by then
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            removeLinkDirectories(p.pid()); // the killed agent's: no hook ran, and no later context sweeps here
        }
        if (flowDirectory != null) { // the driver's queue and pool steps'
            for (Path d : List.of(flowDirectory, Path.of(flowDirectory + "-tasks"))) {
                if (Files.isDirectory(d)) {
                    try (var files = Files.walk(d)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
        for (String ns : HOSTS) {
            runQuietly("ip", "link", "del", "v" + ns); // deletes its peer in the namespace too
            runQuietly("ip", "netns", "del", ns);
        }
        runQuietly("ip", "link", "del", BRIDGE);
        runQuietly("ip", "link", "del", CUT_BRIDGE);
    }

    private static void removeLinkDirectories(long pid) throws IOException {
        try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "multiproc-" + pid + "-*")) {
            for (Path dir : dirs) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private static boolean canMakeNamespaces() {
        if (!System.getProperty("os.name").startsWith("Linux") || !"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            return runQuietly("ip", "netns", "list") == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    private static int runQuietly(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
