package dev.multiproc.internal.shm;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared memory of one context: small objects placed at cache-line offsets in 1 MiB segments (each
 * object on lines of its own, so neighbours never false-share), large ones in segments of their own.
 * Allocation happens only in the process that owns the context; other processes only attach.
 */
final class ShmHeap implements AutoCloseable {
    static final int LINE = 64;
    private static final long CHUNK = 1 << 20;
    private static final long LARGE = 64 * 1024;

    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    /** {@code multiproc-<pid>-<start>-h<id>}: every segment of this heap, and every transfer, starts with it. */
    private final String prefix = Segment.ownPrefix() + "h" + IDS.incrementAndGet();
    private final List<Segment> segments = new ArrayList<>();
    private Segment current;
    private long next;
    private boolean closed;

    /** A place for an object of {@code bytes}, zero-filled. */
    synchronized Block allocate(long bytes) {
        if (closed) {
            throw new IllegalStateException("context is closed");
        }
        long size = (bytes + LINE - 1) / LINE * LINE;
        if (size > LARGE) {
            return allocateOwn(size);
        }
        if (current == null || next + size > CHUNK) {
            current = Segments.create(prefix + "n" + segments.size(), CHUNK);
            segments.add(current);
            next = 0;
        }
        Block b = new Block(current, next);
        next += size;
        return b;
    }

    /** A segment of its own for {@code bytes}, zero-filled. */
    synchronized Block allocateOwn(long bytes) {
        if (closed) {
            throw new IllegalStateException("context is closed");
        }
        Segment own = Segments.create(prefix + "n" + segments.size(), bytes);
        segments.add(own);
        return new Block(own, 0);
    }

    /** Whether this JVM made a heap: only then may other processes have made files named with its prefix. */
    static boolean anyMade() {
        return IDS.get() > 0;
    }

    /** Unlinks every segment of this heap; processes that mapped them keep their mappings. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Segment s : segments) {
            try {
                Segments.free(s);
            } catch (RuntimeException e) { // one segment that cannot be unmapped must not keep the others
                System.getLogger(ShmHeap.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot unmap shared memory " + s.name(), e);
            }
        }
        segments.clear();
        current = null;
        Segments.deleteAll(prefix); // transfers no reader took
    }

    /** The prefix that transfer segments of objects in this heap are named with. */
    String prefix() {
        return prefix;
    }

    /** A place in a segment. */
    record Block(Segment segment, long offset) {
        public String segmentName() {
            return segment.name();
        }
    }
}
