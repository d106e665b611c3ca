package dev.multiproc.cli;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium, headless, on a local page, for tests. One short-lived browser per call, with an empty profile
 * and {@code HOME} in the caller's work directory (Chromium writes crash-report settings under {@code HOME} even
 * with a profile of its own), without its background requests (no network is needed or wanted), and with a hard
 * time limit. Every process the browser starts is noted while it runs and ended afterwards: none outlives a call.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    /** The window of every screenshot: wide enough for two charts side by side, tall enough for a whole page. */
    static final int WIDTH = 1200;
    static final int HEIGHT = 3000;

    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final Duration LINGER = Duration.ofSeconds(5);
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");

    private Chromium() {
    }

    /**
     * Skips the calling test if the browser is missing, except on CI ({@code CI=true}), where it fails: a skipped
     * browser test there would mean the page was never rendered and nobody noticed.
     */
    static void requireInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String missing = "Chromium is not installed at " + BINARY + " (Debian: apt-get install chromium)";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing + "; CI=true, so the browser test fails instead of being skipped (.ci/run installs it)");
        }
        Assumptions.abort(missing + "; browser test skipped");
    }

    /** A screenshot of the page in a {@link #WIDTH} x {@link #HEIGHT} window, saved in {@code work} too. */
    static BufferedImage screenshot(Path page, Path work) throws IOException, InterruptedException {
        Path png = work.resolve("shot.png");
        run(work, page, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT);
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new AssertionError("Chromium wrote no readable PNG: " + png);
        }
        return image;
    }

    /** The page's DOM as the browser built it, serialized. */
    static String dumpDom(Path page, Path work) throws IOException, InterruptedException {
        return Files.readString(run(work, page, "--dump-dom"));
    }

    /** Runs the browser on the page and returns the file holding its standard output. */
    private static Path run(Path work, Path page, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + Files.createTempDirectory(work, "profile-"));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Path out = Files.createTempFile(work, "chromium-", ".out");
        Path err = Files.createTempFile(work, "chromium-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", work.toString());
        Process browser = builder.start();
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        boolean finished = false;
        try {
            finished = watch(browser, seen);
        } finally {
            endAll(browser, seen);
        }
        if (!finished || browser.exitValue() != 0) {
            throw new AssertionError((finished ? "Chromium exited with " + browser.exitValue()
                    : "Chromium did not finish within " + LIMIT) + "; its stderr ends with:\n" + tail(err));
        }
        return out;
    }

    /** Waits for the browser, noting every process it starts; {@code false} if the time limit came first. */
    private static boolean watch(Process browser, Set<ProcessHandle> seen) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        do {
            browser.descendants().forEach(seen::add); // once the browser is gone, its orphans are not its descendants
            if (browser.waitFor(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    /**
     * Ends the browser and every process it was seen to start: whatever is left once the browser has exited (or
     * has run out of time) is killed. Its helpers (the crash handler, the zygote) take up to 3 s to end by
     * themselves after a normal exit, and hold nothing the test reads: the browser wrote its output itself.
     *
     * @throws AssertionError if one survives SIGKILL
     */
    private static void endAll(Process browser, Set<ProcessHandle> seen) {
        browser.descendants().forEach(seen::add);
        seen.add(browser.toHandle());
        seen.forEach(ProcessHandle::destroyForcibly);
        awaitEnd(seen);
        List<ProcessHandle> left = seen.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            throw new AssertionError("Chromium processes still running after SIGKILL: " + left);
        }
    }

    /** Waits up to {@link #LINGER} until none is alive after SIGKILL; an interrupt (a test timeout) cuts it short. */
    private static void awaitEnd(Set<ProcessHandle> processes) {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the kill still happens; the caller sees the interrupt
                return;
            }
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
