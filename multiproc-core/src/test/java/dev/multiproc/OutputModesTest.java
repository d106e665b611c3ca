package dev.multiproc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each {@link Output} mode, read from a real parent JVM's stdout and stderr ({@link OutputModesApp}). */
@Timeout(120)
class OutputModesTest {
    @Test
    void everyMode_fromAParentJvm_linesWholeNamedAndNothingLost(@TempDir Path dir) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OutputModesApp.class.getName(), dir.toString());
        Process parent = new ProcessBuilder(cmd).start();
        try {
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(parent.getErrorStream()));
            String out = read(parent.getInputStream());
            assertTrue(parent.waitFor(100, TimeUnit.SECONDS));
            String errText = err.get(10, TimeUnit.SECONDS);
            assertEquals(0, parent.exitValue(), errText);
            List<String> outLines = out.lines().toList();
            List<String> errLines = errText.lines().toList();

            assertTrue(outLines.contains("[w1] hello"), out.substring(0, Math.min(500, out.length())));
            assertTrue(outLines.contains("[w1] " + "x".repeat(200_000)), "a long line was split");
            assertTrue(errLines.contains("[w1] no newline at the end"), errText);

            List<String> w2 = new ArrayList<>();
            for (String line : outLines) {
                if (line.startsWith("[w2] ")) {
                    w2.add(line);
                }
            }
            assertEquals(OutputModesApp.LINES, w2.size());
            for (int i = 0; i < w2.size(); i++) {
                assertEquals("[w2] line " + i, w2.get(i));
            }

            assertTrue(outLines.contains("[w3] cut short"), "a killed worker's last line was lost");
            assertTrue(outLines.stream().anyMatch(l -> l.matches("\\[.*-worker-1\\] from the pool")), out.lines()
                    .filter(l -> l.contains("pool")).toList().toString());
            assertFalse(out.contains("never seen"));
            assertTrue(outLines.stream().allMatch(l -> l.startsWith("[") || l.equals("parent done")),
                    "a line without a worker's name");

            assertEquals("raw\ntext", Files.readString(dir.resolve("w6.out")));
            assertEquals("to err\n", Files.readString(dir.resolve("w6.err")));
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void toDirectory_notADirectory_clearError(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Output.toDirectory(missing));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
