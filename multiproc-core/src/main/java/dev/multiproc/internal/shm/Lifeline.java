package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The portable mode's proof of life: each process holds an exclusive lock on a file of its own,
 * {@code life-<pid>-<stamp>} in the platform directory, from its first use of shared memory to its end. The OS
 * drops the lock when the process dies, however it dies, so another process that can take the lock knows the
 * owner is gone; neither {@code /proc} nor clocks are involved, and a reused pid comes with another stamp.
 */
/*
 * Implementation notes.
 *
 * The stamp is random in [1, 2^18): EndHolders keeps 18 bits of a stamp, so a portable stamp is kept whole
 * everywhere. A parent chooses its child's stamp and hands it over in the environment: it must name a child's
 * holds before the child runs (a worker's start grants it its task's pipe ends), as /proc lets it on Linux. A process never opens its own file a second time: closing any channel of a file drops every lock
 * the JVM holds on it. Checks are serialized in a JVM: the JDK's table of a JVM's locks makes a second thread's
 * tryLock throw (OverlappingFileLockException) while a first one's attempt is in flight, which must not read as a
 * death.
 */
final class Lifeline {
    /** The environment variable by which a parent gives its child JVM its stamp, so that it knows it ahead. */
    static final String STAMP_ENV = "MULTIPROC_LIFELINE";
    static final long STAMP = stampGiven(System.getenv(STAMP_ENV));
    private static final String PREFIX = "life-";
    private static final long STAMPS = 1L << 18;
    /** The stamps this process gave the children it started, by pid, while they run. */
    private static final java.util.Map<Long, Long> CHILDREN = new java.util.concurrent.ConcurrentHashMap<>();
    @SuppressWarnings("unused") // held for the JVM's life: its lock is the proof
    private static final FileLock HELD = lock();

    private Lifeline() {
    }

    private static long stampGiven(String given) {
        try {
            long stamp = given == null ? 0 : Long.parseLong(given);
            return stamp > 0 && stamp < STAMPS ? stamp : newStamp();
        } catch (NumberFormatException e) {
            return newStamp();
        }
    }

    static long newStamp() {
        return ThreadLocalRandom.current().nextLong(1, STAMPS);
    }

    /** A child started with {@code stamp}: its stamp is known here until it ends. */
    static void childStarted(Process child, long stamp) {
        CHILDREN.put(child.pid(), stamp);
        child.onExit().thenRun(() -> CHILDREN.remove(child.pid(), stamp));
    }

    /** The stamp of a child this process started, or 0 (unknown: the pid alone is trusted). */
    static long stampOf(long pid) {
        return CHILDREN.getOrDefault(pid, 0L);
    }

    private static Path file(long pid, long stamp) {
        return Platform.DIR.resolve(PREFIX + pid + "-" + stamp);
    }

    /** Takes this process's lifeline now, if it has not yet. */
    static void hold() {
        FileLock unused = HELD;
    }

    /**
     * Locks the lifeline under a name no checker reads, then renames it into place: a checker never finds the
     * file before its lock (it would take the lock and pronounce a starting process dead). The lock stays with
     * the file through the rename.
     */
    private static FileLock lock() {
        Path file = file(ProcessHandle.current().pid(), STAMP);
        Path draft = file.resolveSibling("draft-" + file.getFileName());
        try {
            FileLock lock = FileCalls.uninterrupted(() -> {
                FileLock l = FileChannel.open(draft, StandardOpenOption.CREATE, StandardOpenOption.WRITE).lock();
                java.nio.file.Files.move(draft, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return l;
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Segment.deleteQuietly(file), "multiproc-lifeline"));
            return lock;
        } catch (IOException e) {
            throw new IllegalStateException("cannot hold this process's lifeline " + file, e);
        }
    }

    /** Whether the process of {@code pid} and {@code stamp} is gone; a stamp of 0 trusts the pid alone. */
    static synchronized boolean isDead(long pid, long stamp) {
        if (stamp == 0) {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        Path file = file(pid, stamp);
        try {
            return FileCalls.uninterrupted(() -> lockable(file));
        } catch (OverlappingFileLockException e) {
            return false; // another thread of this JVM is looking at it right now: ask again later
        } catch (NoSuchFileException e) {
            // removed by its owner's exit or by a checker; or a child of this process not yet that far
            return !(stampOf(pid) == stamp && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException e) {
            return false; // cannot tell: alive, as a pid that cannot be read on Linux
        }
    }

    /** Whether the lock on a lifeline can be taken: its owner is gone (the file is removed then). */
    private static boolean lockable(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false; // its owner holds it
            }
            lock.release();
            Segment.deleteQuietly(file);
            return true;
        }
    }

    /** Removes the lifelines of processes that are gone (a checker may not have come by). */
    static void sweepStale() {
        try (var files = java.nio.file.Files.newDirectoryStream(Platform.DIR, PREFIX + "*")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().substring(PREFIX.length()).split("-");
                if (parts.length == 2 && Long.parseLong(parts[0]) != Self.PID) {
                    isDead(Long.parseLong(parts[0]), Long.parseLong(parts[1])); // deletes it if dead
                }
            }
        } catch (IOException | NumberFormatException e) {
            // nothing to sweep, or not ours
        }
    }
}
