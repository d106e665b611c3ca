package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The segments this process has mapped, by name, so that every handle to the same segment shares one
 * mapping; and the segments it created, which it unlinks when their context closes or, at the latest,
 * when this JVM exits (also on SIGTERM, which runs shutdown hooks). Files named after a process that died
 * without its hooks (SIGKILL) are swept by the next context of any process ({@link #sweepStale()}).
 */
final class Segments {
    private static final Map<String, Segment> MAPPED = new ConcurrentHashMap<>();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CREATED.forEach(Segment::unlink);
            // what other processes made for this one's heaps (transfers, overflow blocks) carries its prefix too;
            // a worker that only used its parent's objects made no heap, and skips the directory's listing
            // (~20 ms of a cold worker's exit, measured)
            if (ShmHeap.anyMade()) {
                deleteAll(Segment.ownPrefix());
            }
        }, "multiproc-shm-cleanup"));
    }

    private Segments() {
    }

    /** Creates a segment owned by this process, unlinked at the latest when this JVM exits. */
    static Segment create(String name, long bytes) {
        Segment s = Segment.create(name, bytes);
        CREATED.add(s.name());
        MAPPED.put(s.name(), s);
        return s;
    }

    /**
     * Creates a segment whose lifetime is its reader's, not this process's: a large message on its way.
     * It is not mapped for later use here, and not unlinked when this JVM exits; the reader unlinks it
     * (see {@link #takeTransfer}), or its heap's owner when the heap closes.
     */
    static Segment createTransfer(String name, long bytes) {
        return Segment.create(name, bytes);
    }

    /** Maps a transfer segment, unlinks it (only one reader takes a message), and returns the mapping. */
    static Segment takeTransfer(String name) {
        Segment s = Segment.attach(name);
        s.unlink();
        return s;
    }

    /** Unlinks every file whose name starts with {@code prefix} (a closed heap's leftovers). */
    static void deleteAll(String prefix) {
        try (var files = startingWith(prefix)) {
            for (Path f : files) {
                Segment.deleteQuietly(f);
            }
        } catch (IOException e) {
            // nothing left to delete, or /dev/shm is not readable
        }
    }

    /** The segments' directory's files whose names start with {@code prefix}; no glob: its regex costs a cold JVM. */
    private static java.nio.file.DirectoryStream<Path> startingWith(String prefix) throws IOException {
        return Files.newDirectoryStream(Segment.DIR, p -> p.getFileName().toString().startsWith(prefix));
    }

    /** The mapping of the named segment in this process, mapping it on first use. */
    static Segment attach(String name) {
        return MAPPED.computeIfAbsent(name, Segment::attach);
    }

    /**
     * Unlinks a segment this process created and unmaps it here. Other processes keep their mappings;
     * handles in this process that still point into it fail from now on.
     */
    static void free(Segment segment) {
        segment.unlink(); // first: the file goes even if the mapping cannot be closed below
        CREATED.remove(segment.name());
        MAPPED.remove(segment.name());
        segment.close();
    }

    /** Removes the segments whose creating process is gone (it died without cleaning up). */
    static void sweepStale() {
        if (Platform.PORTABLE) {
            Lifeline.sweepStale();
        }
        try (var files = startingWith(Segment.PREFIX)) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().substring(Segment.PREFIX.length()).split("-");
                if (parts.length == 3 && creatorIsDead(parts[0], parts[1])) {
                    Segment.deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            // no /dev/shm, or not readable: nothing of ours to sweep
        }
    }

    private static boolean creatorIsDead(String pid, String startStamp) {
        try {
            return Self.isDead(Integer.parseInt(pid), Long.parseLong(startStamp));
        } catch (NumberFormatException e) {
            return false; // not a name we made
        }
    }
}
