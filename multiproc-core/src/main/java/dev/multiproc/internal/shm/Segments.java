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
 * when this JVM exits.
 */
public final class Segments {
    private static final Map<String, Segment> MAPPED = new ConcurrentHashMap<>();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CREATED.forEach(n -> Segment.deleteQuietly(Segment.DIR.resolve(n))),
                "multiproc-shm-cleanup"));
    }

    private Segments() {
    }

    /** Creates a segment owned by this process. */
    public static Segment create(long bytes) {
        Segment s = Segment.create(bytes);
        CREATED.add(s.name());
        MAPPED.put(s.name(), s);
        return s;
    }

    /** The mapping of the named segment in this process, mapping it on first use. */
    public static Segment attach(String name) {
        return MAPPED.computeIfAbsent(name, Segment::attach);
    }

    /**
     * Unlinks a segment this process created and unmaps it here. Other processes keep their mappings;
     * handles in this process that still point into it fail from now on.
     */
    public static void free(Segment segment) {
        segment.unlink();
        CREATED.remove(segment.name());
        MAPPED.remove(segment.name());
        segment.close();
    }

    /** Removes the segments whose creating process is gone (it died without cleaning up). */
    public static void sweepStale() {
        try (var files = Files.newDirectoryStream(Segment.DIR, Segment.PREFIX + "*")) {
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

    private static boolean creatorIsDead(String pid, String startMillis) {
        try {
            return Self.isDead(Integer.parseInt(pid), Long.parseLong(startMillis));
        } catch (NumberFormatException e) {
            return false; // not a name we made
        }
    }
}
