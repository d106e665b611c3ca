package dev.multiproc.internal.thread;

import dev.multiproc.SharedMemory;

import java.io.Serial;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Raw memory of the thread engines: an off-heap segment of a shared arena, freed by {@link #close()}. */
final class ThreadSharedMemory implements SharedMemory {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Arena arena = Arena.ofShared();
    private final transient MemorySegment segment;
    private final long bytes;

    ThreadSharedMemory(long bytes) {
        this.bytes = bytes;
        this.segment = arena.allocate(bytes, 64); // allocate zero-fills
    }

    @Override
    public long byteSize() {
        return bytes;
    }

    @Override
    public MemorySegment segment() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("shared memory is closed");
        }
        return segment;
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
