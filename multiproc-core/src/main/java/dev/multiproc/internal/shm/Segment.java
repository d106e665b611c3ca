package dev.multiproc.internal.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file in {@code /dev/shm} (in the portable mode, the {@link Platform} directory) mapped into this process. Named {@code multiproc-<pid>-<start ms>-<n>} after
 * the process that created it, so that files of a dead creator can be recognised and swept
 * ({@link Segments#sweepStale()}); created {@code 0600}, so only the same OS user can map it.
 *
 * <p>Mapping a segment keeps its memory valid in this process until {@link #close()}, even after the
 * file is unlinked: the kernel counts mappings, which is how handles stay valid in processes that
 * already use them when their context closes.
 */
final class Segment implements AutoCloseable {
    static final Path DIR = Platform.DIR;
    static final String PREFIX = "multiproc-";

    private final String name;
    private final Arena arena;
    private final MemorySegment memory;

    private Segment(String name, Arena arena, MemorySegment memory) {
        this.name = name;
        this.arena = arena;
        this.memory = memory;
    }

    /** The name prefix of everything this process creates: {@code multiproc-<pid>-<start ms>-}. */
    static String ownPrefix() {
        return PREFIX + Self.PID + "-" + Self.START_STAMP + "-";
    }

    /** Creates and maps a new zero-filled segment of {@code bytes} under {@code name}. */
    static Segment create(String name, long bytes) {
        Path file = DIR.resolve(name);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return FileCalls.uninterrupted(() -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ch.truncate(bytes); // sparse: pages are zero until written
                    return map(name, ch, bytes);
                }
            });
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot create shared memory " + file, e);
        }
    }

    /** Maps an existing segment by name. */
    static Segment attach(String name) {
        if (!name.startsWith(PREFIX) || name.contains("/")) {
            throw new IllegalArgumentException("not a multiproc segment: name=" + name);
        }
        Path file = DIR.resolve(name);
        try {
            return FileCalls.uninterrupted(() -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    return map(name, ch, ch.size());
                }
            });
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("shared memory is gone (its context was closed): " + name, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map shared memory " + file, e);
        }
    }

    private static Segment map(String name, FileChannel ch, long bytes) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new Segment(name, arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    MemorySegment memory() {
        return memory;
    }

    /** Removes the file; mappings stay valid until closed. */
    void unlink() {
        unlink(name);
    }

    /** Removes the segment file of that name, if it is still there; mappings of it stay valid. */
    static void unlink(String name) {
        deleteQuietly(DIR.resolve(name));
    }

    /** Unmaps the memory from this process. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // not ours, or already gone: nothing to free
        }
    }
}
