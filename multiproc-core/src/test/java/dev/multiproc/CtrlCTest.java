package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C in a terminal: SIGINT to the whole process group of a parent JVM that runs a pool and workers. The
 * parent, started in a process group of its own (setsid), exits within 2 s, no child is left, no replacement is
 * started meanwhile, and nobody prints a stack trace.
 */
@Timeout(90)
class CtrlCTest {
    @Test
    void sigintToTheProcessGroup_parentExitsChildrenEndNoReplacementNoStackTrace() throws Exception {
        // perl restores SIGINT's default first: a build started in the background by a non-interactive shell has
        // SIGINT ignored, the JVM then keeps it ignored, and Ctrl-C would mean nothing to this parent
        List<String> cmd = List.of("setsid", "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CtrlCApp.class.getName());
        Process parent = new ProcessBuilder(cmd).start();
        try {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(parent.getErrorStream()));
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()));
            assertEquals("ready", out.readLine());
            Set<Long> before = descendants(parent);
            assertTrue(before.size() >= 4, "pool workers and workers: " + before);

            long sent = System.nanoTime();
            Process kill = new ProcessBuilder("kill", "-s", "INT", "--", "-" + parent.pid()).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, kill.exitValue());
            Set<Long> seen = new HashSet<>(before);
            while (parent.isAlive() && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(10)) {
                seen.addAll(descendants(parent));
                Thread.sleep(5);
            }
            long exitMillis = (System.nanoTime() - sent) / 1_000_000;
            assertFalse(parent.isAlive(), "the parent did not exit");
            assertTrue(exitMillis < 2000, "the parent took " + exitMillis + " ms to exit");
            seen.removeAll(before);
            assertTrue(seen.isEmpty(), "JVMs started during the exit: " + seen);
            for (long pid : before) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    try {
                        p.onExit().get(2, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                        throw new AssertionError("child " + pid + " is left: " + p.info().commandLine(), e);
                    }
                });
            }
            String errText = err.get(10, TimeUnit.SECONDS);
            assertFalse(errText.contains("Exception") || errText.contains("\tat "), errText);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    private static Set<Long> descendants(Process p) {
        Set<Long> pids = new HashSet<>();
        p.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
