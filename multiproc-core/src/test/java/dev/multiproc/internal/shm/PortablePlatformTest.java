package dev.multiproc.internal.shm;

import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Queue;
import dev.multiproc.Worker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The portable platform layer itself, with real child JVMs: where segments live, that children stand on the
 * same layer, and lifelines that tell a dead process from a live one. Runs where the portable mode is on
 * (the build's second test execution, {@code -Dmultiproc.platform=portable}).
 */
@Timeout(60)
class PortablePlatformTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @BeforeEach
    void portableOnly() {
        assumeTrue(Platform.portable(), "the portable mode is off in this JVM");
    }

    @Test
    void segments_inAPrivateDirectory_notInDevShm() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Platform.DIR)));
        try (Context ctx = Context.processes()) {
            Queue<Integer> q = ctx.queue();
            q.put(1);
            assertTrue(ours(Platform.DIR).findAny().isPresent(), "segments in " + Platform.DIR);
            assertFalse(ours(Path.of("/dev/shm")).findAny().isPresent(), "none in /dev/shm");
            assertEquals(1, q.take());
        }
    }

    @Test
    void worker_standsOnTheSameLayer_andSeesTheParentsObjects() throws Exception {
        try (Context ctx = Context.processes()) {
            Queue<String> q = ctx.queue();
            Worker w = ctx.start(() -> {
                try {
                    q.put(Platform.portable() + " " + Platform.DIR);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals("true " + Platform.DIR, q.poll(LONG));
            w.join();
        }
    }

    @Test
    void lifeline_liveWorkerAlive_killedWorkerDead() throws Exception {
        try (Context ctx = Context.processes()) {
            Event stop = ctx.event();
            Worker w = ctx.start(() -> {
                try {
                    stop.await(LONG); // its first use of shared memory holds its lifeline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long pid = w.pid();
            Path life = awaitLifeline(pid);
            long stamp = Long.parseLong(life.getFileName().toString().split("-")[2]);
            assertFalse(Lifeline.isDead(pid, stamp), "a live worker");
            assertTrue(Lifeline.isDead(pid, stamp + 1), "another stamp with its pid: a reused pid");
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            w.join();
            assertTrue(Lifeline.isDead(pid, stamp), "a killed worker");
            assertFalse(Files.exists(life), "its lifeline is removed by the checker that found it dead");
        }
    }

    private static Path awaitLifeline(long pid) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(Platform.DIR)) {
                List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("life-" + pid + "-")).toList();
                if (!found.isEmpty()) {
                    return found.getFirst();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no lifeline of " + pid + " in " + Platform.DIR);
    }

    private static Stream<Path> ours(Path dir) throws Exception {
        String prefix = Segment.ownPrefix();
        return Files.list(dir).filter(f -> f.getFileName().toString().startsWith(prefix)).toList().stream();
    }
}
