package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a child JVM can do: exit codes, signals, a heap of its own, options that reach it. */
@Timeout(60)
class ProcessWorkerTest {

    private static int exitCodeOf(Context ctx, SerializableRunnable task) throws InterruptedException {
        Worker w = ctx.start(task);
        w.join();
        return w.exitCode().orElseThrow();
    }

    @Test
    void exitCode_systemExit_reportsN() throws Exception {
        try (Context ctx = Context.processes()) {
            assertEquals(3, exitCodeOf(ctx, () -> System.exit(3)));
            assertEquals(143, exitCodeOf(ctx, () -> System.exit(143)), "System.exit(143) is not a SIGTERM");
            assertEquals(7, exitCodeOf(ctx, new Tasks.ExitIfTrue(true)));
        }
    }

    @Test
    void exitCode_runtimeHalt_reportsN() throws Exception {
        try (Context ctx = Context.processes()) {
            assertEquals(5, exitCodeOf(ctx, () -> Runtime.getRuntime().halt(5)));
        }
    }

    @Test
    void terminate_taskIgnoringInterrupts_minus15() throws Exception {
        try (Context ctx = Context.processes()) {
            Worker w = ctx.start(Tasks::spinIgnoringInterrupts);
            Thread.sleep(500);
            w.terminate();
            assertTrue(w.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(-15), w.exitCode());
        }
    }

    @Test
    void kill_taskIgnoringInterrupts_minus9() throws Exception {
        try (Context ctx = Context.processes()) {
            Worker w = ctx.start(Tasks::spinIgnoringInterrupts);
            Thread.sleep(500);
            w.kill();
            assertTrue(w.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(-9), w.exitCode());
            assertTrue(w.failure().isEmpty());
        }
    }

    @Test
    void terminate_beforeChildConnected_stillMinus15() throws Exception {
        try (Context ctx = Context.processes()) {
            Worker w = ctx.start(Tasks::spinIgnoringInterrupts);
            w.terminate(); // the JVM is still booting
            assertTrue(w.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(-15), w.exitCode());
        }
    }

    @Test
    void failure_exceptionThatCannotBeSerialized_stillReported() throws Exception {
        try (Context ctx = Context.processes()) {
            Worker w = ctx.start(() -> {
                throw new Unserializable.Failure("no way back");
            });
            w.join();
            assertEquals(OptionalInt.of(1), w.exitCode());
            WorkerException e = w.failure().orElseThrow();
            assertEquals(Unserializable.Failure.class.getName(), e.remoteClassName());
            assertEquals("no way back", e.getMessage());
        }
    }

    @Test
    void maxHeap_childExceedsIt_outOfMemoryReportedParentUnharmed() throws Exception {
        try (Context ctx = Context.processes(ProcessOptions.defaults().withMaxHeap("32m"))) {
            Worker w = ctx.start(() -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]); // 8 MB a step: past 32 MB quickly
                }
            });
            w.join();
            assertEquals(OptionalInt.of(1), w.exitCode());
            assertEquals("java.lang.OutOfMemoryError", w.failure().orElseThrow().remoteClassName());
            assertEquals(0, exitCodeOf(ctx, () -> { }), "the context still works");
        }
    }

    @Test
    void options_environmentAndJvmArgs_reachChild() throws Exception {
        ProcessOptions options = ProcessOptions.defaults()
                .withEnvironment(Map.of("MULTIPROC_TEST_ENV", "from-parent"))
                .withJvmArgs(List.of("-Dmultiproc.test.prop=42"));
        try (Context ctx = Context.processes(options)) {
            assertEquals(0, exitCodeOf(ctx, () -> {
                if (!"from-parent".equals(System.getenv("MULTIPROC_TEST_ENV"))) {
                    System.exit(10);
                }
                if (!"42".equals(System.getProperty("multiproc.test.prop"))) {
                    System.exit(11);
                }
            }));
        }
    }

    @Test
    void start_capturedPayloadOf20MB_arrivesWhole() throws Exception {
        byte[] payload = new byte[20 << 20];
        new java.util.Random(7).nextBytes(payload);
        long expected = Arrays.hashCode(payload);
        try (Context ctx = Context.processes()) {
            assertEquals(0, exitCodeOf(ctx, () -> {
                if (payload.length != 20 << 20 || Arrays.hashCode(payload) != expected) {
                    System.exit(12);
                }
            }));
        }
    }

    @Test
    void start_nonSerializableCapture_failsInCallerNamingClassNothingLaunched() {
        Object notSerializable = new Unserializable.Thing();
        try (Context ctx = Context.processes()) {
            long childrenBefore = ProcessHandle.current().children().count();
            Worker w = ctx.worker(() -> System.out.println(notSerializable));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::start);
            assertTrue(e.getMessage().contains(Unserializable.Thing.class.getName()), e.getMessage());
            assertFalse(w.isAlive());
            assertEquals(childrenBefore, ProcessHandle.current().children().count());
            assertTrue(ctx.activeChildren().isEmpty());
        }
    }

    @Test
    void eightWorkers_sideBySide_allSucceedInDistinctJvms() throws Exception {
        try (Context ctx = Context.processes(ProcessOptions.defaults().withMaxHeap("64m"))) {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                workers.add(ctx.start(() -> {
                    if (n < 0) {
                        System.exit(13);
                    }
                    Tasks.sleep(200);
                }));
            }
            Set<Long> pids = new HashSet<>();
            for (Worker w : workers) {
                w.join();
                assertEquals(OptionalInt.of(0), w.exitCode());
                pids.add(w.pid());
            }
            assertEquals(8, pids.size());
        }
    }

    @Test
    void warmSpares_eachWorkerGetsAFreshJvm() throws Exception {
        try (Context ctx = Context.processes(ProcessOptions.defaults().withWarmSpares(2))) {
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                Worker w = ctx.start(() -> {
                    if (System.getProperty("multiproc.test.dirty") != null) {
                        System.exit(20); // state leaked from an earlier worker
                    }
                    System.setProperty("multiproc.test.dirty", "yes");
                });
                w.join();
                assertEquals(OptionalInt.of(0), w.exitCode());
                pids.add(w.pid());
            }
            assertEquals(4, pids.size());
        }
    }

    @Test
    void close_leavesNoChildAndNoTempFiles() throws Exception {
        Context ctx = Context.processes(ProcessOptions.defaults().withWarmSpares(1));
        Worker w = ctx.start(Tasks::spinIgnoringInterrupts);
        ctx.close();
        assertTrue(w.join(Duration.ofSeconds(10)));
        assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
        assertEquals(List.of(), ourLinkDirectories());
    }

    static List<Path> ourLinkDirectories() throws IOException {
        String prefix = "multiproc-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
