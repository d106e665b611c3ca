package dev.multiproc.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An AOT cache (JEP 483/514) for child JVMs: the library's and the JDK's classes loaded and linked ahead, so a
 * child reaches its task sooner (without the training run's method profiles: {@link #WITHOUT_PROFILES}). It covers
 * the library's jar and the engines' jars ({@link dev.multiproc.internal.engine.Jvm#leadingJars()}), which come
 * first on every child's class path: the JVM accepts a cache whose class path is a prefix of the run's, so the
 * application's own entries after them may be anything, directories included (an IDE, Maven, Surefire). Used when
 * the library was loaded from a jar; versioned by a hash of the JVM, the child's flags (a system property by its
 * name) and the jars' paths, sizes and modification times: JDK 25.0.3 serves stale classes from a cache whose jar
 * changed (JDK-8377932), so a changed jar must mean a new cache. The four most recently used caches are kept.
 *
 * <p>The first context that finds no cache trains one in the background (one short JVM run of
 * {@link ChildMain}'s training mode); until it is ready, children start without it. Disable with
 * {@code -Dmultiproc.aotCache=false}. The cache lives in {@code $XDG_CACHE_HOME/multiproc} (or
 * {@code ~/.cache/multiproc}), one file per version, about 10–15 MB.
 */
final class AotCache {
    private static final Duration STALE_LOCK = Duration.ofMinutes(5);
    static final int KEEP = 4;
    /**
     * The training records no method profiles (JEP 515): replayed in a child, the profiles of a short training
     * run make it compile a few hundred start-up methods at once, while it competes for the cores with its parent
     * and its siblings (measured: slower starts, see {@code docs/decisions.md}). A JDK without these diagnostic
     * options ignores them rather than failing the training.
     */
    static final List<String> WITHOUT_PROFILES = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");

    private final List<Path> jars;
    private final Path file;

    private AotCache(List<Path> jars, Path file) {
        this.jars = List.copyOf(jars);
        this.file = file;
    }

    /**
     * The cache for children launched with {@code flags}, or empty when the library was not loaded from a jar
     * (a directory cannot go into an AOT cache) or caching is disabled.
     */
    static Optional<AotCache> forChildren(List<String> flags) {
        if (!Boolean.parseBoolean(System.getProperty("multiproc.aotCache", "true"))) {
            return Optional.empty();
        }
        try {
            List<Path> jars = dev.multiproc.internal.engine.Jvm.leadingJars();
            return jars.isEmpty() ? Optional.empty() : Optional.of(forChildren(flags, jars, directory()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The cache over {@code jars}, the leading entries of the children's class path, for children launched
     * with {@code flags}.
     */
    static AotCache forChildren(List<String> flags, List<Path> jars, Path directory) throws IOException {
        return new AotCache(jars, directory.resolve("child-" + version(flags, jars) + ".aot"));
    }

    Path file() {
        return file;
    }

    /** The JVM option that uses the cache, if it has been built. */
    Optional<String> option() {
        return Files.isRegularFile(file) ? Optional.of("-XX:AOTCache=" + file) : Optional.empty();
    }

    /** Marks the cache as used now, so that the sweep keeps the caches in use. */
    void touch() {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // not built yet, or removed by another JVM's sweep: it will be trained again
        }
    }

    /**
     * Builds the cache in the background unless it exists or another JVM is building it: a child's training run
     * on the covered jars alone.
     *
     * @param javaAndFlags the child's {@code java} and its flags, without the class path
     * @param mainAndArgs the main class and the training argument
     */
    void trainInBackground(List<String> javaAndFlags, List<String> mainAndArgs) {
        if (Files.isRegularFile(file) || !tryLock()) {
            return;
        }
        List<String> command = new ArrayList<>(javaAndFlags);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList())));
        train(command, mainAndArgs);
    }

    /*
     * The training runs under /bin/sh so that the cache is moved into place and the lock removed even
     * when this JVM exits first: the JVM writes the cache at its own exit, after the training run.
     */
    private void train(List<String> command, List<String> mainAndArgs) {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp" + ProcessHandle.current().pid());
        List<String> java = new ArrayList<>(command);
        java.add("-XX:AOTCacheOutput=" + partial);
        java.addAll(WITHOUT_PROFILES);
        java.addAll(mainAndArgs);
        String script = "\"$@\" && mv -f " + sh(partial) + " " + sh(file) + "; rm -f " + sh(partial) + " "
                + sh(partial) + ".config " + sh(lockFile());
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script, "multiproc-aot-training"));
        cmd.addAll(java);
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sweepOldVersions();
        } catch (IOException e) {
            quietlyDelete(lockFile()); // no cache: children start the ordinary way
        }
    }

    private static String sh(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    /**
     * Keeps the {@link #KEEP} most recently used caches (each distinct set of child flags has its own,
     * ~14 MB each) and removes leftovers of trainings that died more than an hour ago.
     */
    private void sweepOldVersions() throws IOException {
        List<Path> caches = new ArrayList<>();
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        try (var entries = Files.newDirectoryStream(file.getParent(), "child-*.aot*")) {
            for (Path p : entries) {
                if (p.getFileName().toString().endsWith(".aot")) {
                    caches.add(p);
                } else if (!p.getFileName().toString().endsWith(".lock")
                        && Files.getLastModifiedTime(p).toInstant().isBefore(hourAgo)) {
                    quietlyDelete(p); // a partial cache of a training that never finished
                }
            }
        }
        caches.remove(file);
        caches.sort(java.util.Comparator.comparing(AotCache::lastUse).reversed());
        caches.stream().skip(KEEP - 1).forEach(AotCache::quietlyDelete);
    }

    private static FileTime lastUse(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private boolean tryLock() {
        Path lock = lockFile();
        try {
            Files.createFile(lock);
            return true;
        } catch (IOException e) {
            try { // a lock left by a JVM that died while training is taken over after a while
                FileTime t = Files.getLastModifiedTime(lock);
                if (t.toInstant().isBefore(Instant.now().minus(STALE_LOCK))) {
                    Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
                    return true;
                }
            } catch (IOException ignored) {
                // gone meanwhile: someone finished; try again next time
            }
            return false;
        }
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static Path directory() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return Files.createDirectories(base.resolve("multiproc"));
    }

    private static String version(List<String> flags, List<Path> jars) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"));
            flags.forEach(f -> update(digest, withoutValue(f)));
            for (Path jar : jars) {
                update(digest, jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /**
     * A flag as the version sees it: a system property by its name alone, since its value changes nothing in
     * the cache (an agent names its cluster in one: its children share one cache whatever the cluster).
     */
    private static String withoutValue(String flag) {
        int eq = flag.indexOf('=');
        return flag.startsWith("-D") && eq > 0 ? flag.substring(0, eq) : flag;
    }

    private static void update(MessageDigest digest, String s) {
        digest.update(s.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static void quietlyDelete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp file is swept by the next training of the same version
        }
    }
}
