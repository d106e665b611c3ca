package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Children start like their parent: real parent JVMs whose command lines differ, and JVM argument templates. */
@Timeout(90)
class StartsLikeParentTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** Runs {@link StartsLikeParentApp} in a JVM started with {@code flags}; its report as a map. */
    private static Map<String, String> parentReport(List<String> flags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StartsLikeParentApp.class.getName()));
        cmd.addAll(List.of(args));
        Process parent = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String out = new String(parent.getInputStream().readAllBytes());
            assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, parent.exitValue(), out);
            Map<String, String> report = new HashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    report.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return report;
        } finally {
            parent.destroyForcibly();
        }
    }

    private static final List<String> PARENT_FLAGS = List.of("-Dapp.config=cfg-1", "--add-opens",
            "java.base/java.lang=ALL-UNNAMED", "-ea", "-Xmx96m");

    @Test
    void parentFlags_inheritedByDefault_propertyOpensAndAssertionsButNotTheHeap() throws Exception {
        Map<String, String> r = parentReport(PARENT_FLAGS, "inherit");
        assertEquals("0", r.get("exit"));
        assertEquals("cfg-1", r.get("property"));
        assertEquals("true", r.get("open"));
        assertEquals("true", r.get("assertions"));
        assertTrue(Long.parseLong(r.get("maxHeapMiB")) > 96, "the parent's -Xmx96m reached the child: " + r);
    }

    @Test
    void parentFlags_inheritanceOff_noneOfThem() throws Exception {
        Map<String, String> r = parentReport(PARENT_FLAGS, "noinherit");
        assertEquals("0", r.get("exit"));
        assertEquals("null", r.get("property"));
        assertEquals("false", r.get("open"));
        assertEquals("false", r.get("assertions"));
    }

    @Test
    void javaExecutable_given_childRunsOnIt(@TempDir Path dir) throws Exception {
        Path wrapper = dir.resolve("java");
        Files.writeString(wrapper, "#!/bin/sh\nexec '" + JAVA + "' -Dvia.wrapper=yes \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> r = parentReport(List.of("-Dapp.config=cfg-2"), "inherit", wrapper.toString());
        assertEquals("0", r.get("exit"));
        assertEquals("yes", r.get("wrapper"));
        assertEquals("cfg-2", r.get("property"));
    }

    @Test
    void javaExecutable_notAnExecutable_clearError(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("java"), "not a program");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProcessOptions.defaults().withJavaExecutable(text));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    @Test
    void jvmArgTemplates_workerAndNumber_replacedPerJvmEvenWithSparesAsked() throws Exception {
        ProcessOptions options = ProcessOptions.defaults().withWarmSpares(1)
                .withJvmArgs(List.of("-Dtest.worker={worker}", "-Dtest.n={n}"));
        try (Context ctx = Context.processes(options)) {
            Queue<String> seen = ctx.queue();
            List<Worker> workers = List.of(ctx.worker("alpha", () -> report(seen)).start(),
                    ctx.worker("beta", () -> report(seen)).start());
            for (Worker w : workers) {
                assertTrue(w.join(java.time.Duration.ofSeconds(60)));
                assertEquals(0, w.exitCode().orElseThrow());
            }
            Map<String, String> numberOf = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                String[] nameAndNumber = seen.take().split(" ");
                numberOf.put(nameAndNumber[0], nameAndNumber[1]);
            }
            assertEquals(Set.of("alpha", "beta"), numberOf.keySet());
            assertTrue(numberOf.values().stream().allMatch(n -> n.matches("[0-9]+")), numberOf.toString());
            assertEquals(2, new HashSet<>(numberOf.values()).size(), numberOf.toString());
            try (Pool pool = ctx.pool(2)) {
                Set<String> names = new HashSet<>();
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    futures.add(pool.submit(() -> System.getProperty("test.worker") + " " + System.getProperty("test.n")));
                }
                for (Future<String> f : futures) {
                    String[] nameAndNumber = f.get(60, TimeUnit.SECONDS).split(" ");
                    assertTrue(nameAndNumber[0].contains("-worker-"), nameAndNumber[0]);
                    assertTrue(!numberOf.containsValue(nameAndNumber[1]), "a number used twice: " + nameAndNumber[1]);
                    names.add(nameAndNumber[0]);
                }
                assertTrue(!names.isEmpty());
            }
        }
    }

    private static void report(Queue<String> seen) {
        try {
            seen.put(System.getProperty("test.worker") + " " + System.getProperty("test.n"));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
