package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Children never outlive their parent; non-daemon children keep it alive, as in Python. */
@Timeout(90)
class ChildLifetimeTest {

    private static Process parent(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ParentApp.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static ProcessHandle childOf(Process parent) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()));
        long pid = Long.parseLong(out.readLine().trim());
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        return child.orElseThrow(() -> new AssertionError("child " + pid + " already gone"));
    }

    private static boolean endsWithin(ProcessHandle p, long seconds) throws Exception {
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    @Test
    void parentKilledWithSigkill_childEnds() throws Exception {
        Process parent = parent("orphan");
        ProcessHandle child = childOf(parent);
        try {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up in the parent
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            assertTrue(endsWithin(child, 10), "child " + child.pid() + " outlived its SIGKILLed parent");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void daemonChild_parentMainReturns_parentExitsAndChildEnds() throws Exception {
        Process parent = parent("daemon");
        ProcessHandle child = childOf(parent);
        try {
            assertTrue(parent.waitFor(20, TimeUnit.SECONDS), "a daemon child must not keep its parent alive");
            assertEquals(0, parent.exitValue());
            assertTrue(endsWithin(child, 10), "daemon child outlived its parent");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void nonDaemonChild_parentMainReturns_parentWaitsForIt(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("marker");
        Process parent = parent("nondaemon", marker.toString());
        ProcessHandle child = childOf(parent);
        try {
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.exists(marker), "the parent exited before its non-daemon child finished");
            assertFalse(child.isAlive());
            // the context was never closed: its link server was, at the exit (no accept thread left in native code)
            try (var left = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
                    "multiproc-" + parent.pid() + "-*")) {
                assertFalse(left.iterator().hasNext(), "the unclosed context's link directory outlived its JVM");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /**
     * The library starts none of the JDK's I/O poller threads (a virtual thread's first blocking read starts one):
     * a poller waits in native code, and the JVM's exit waits 300 ms for such threads, so a program that started a
     * worker and a pool would end that much later than its {@code main}.
     */
    @Test
    void workersAndPools_startNoPollerThread() throws Exception {
        Process parent = parent("pollers");
        try {
            String pollers = new String(parent.getInputStream().readAllBytes()).trim();
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
            assertEquals("[]", pollers);
        } finally {
            parent.destroyForcibly();
        }
    }

    /**
     * A parent stopped by a signal while a producer floods an unbounded queue: none of its {@code /dev/shm} files
     * (arena, ring, overflow blocks the child made for it) is left once the next context has started. A SIGTERM
     * runs the parent's shutdown hooks, a SIGKILL leaves the files to the next context's sweep.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void parentStoppedDuringFlood_noShmFileLeftAfterNextContextStarts(boolean sigkill) throws Exception {
        Process parent = parent("flood");
        ProcessHandle child = childOf(parent);
        String prefix = "multiproc-" + parent.pid() + "-";
        try {
            assertFalse(shmFiles(prefix).isEmpty(), "the flood has files in /dev/shm");
            if (sigkill) {
                parent.destroyForcibly();
            } else {
                parent.destroy();
            }
            assertTrue(parent.waitFor(20, TimeUnit.SECONDS));
            assertTrue(endsWithin(child, 10), "the producer outlived its parent");
            if (!sigkill) { // the hooks ran: at most a block the producer made between them and its own end
                List<String> left = shmFiles(prefix);
                assertTrue(left.size() <= 1, "left by the SIGTERMed parent before any sweep: " + left);
            }
            try (Context ctx = Context.processes()) {
                assertEquals(List.of(), shmFiles(prefix), "left in /dev/shm by the stopped parent");
            }
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }

    private static List<String> shmFiles(String prefix) throws IOException {
        try (var s = Files.list(dev.multiproc.internal.shm.Platform.directory())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    @Test
    void sweep_linkDirectoryOfDeadParent_removedByNextContext() throws Exception {
        Process parent = parent("orphan");
        ProcessHandle child = childOf(parent);
        long parentPid = parent.pid();
        try {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
            endsWithin(child, 10);
            try (Context ctx = Context.processes()) {
                try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                    assertEquals(List.of(), s.filter(p -> p.getFileName().toString()
                            .startsWith("multiproc-" + parentPid + "-")).toList());
                }
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
