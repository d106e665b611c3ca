package dev.multiproc;

import java.io.Serializable;
import java.lang.foreign.MemorySegment;

/**
 * A block of raw memory shared by every thread and process that holds this handle (Python's
 * {@code shared_memory.SharedMemory}), zero-filled when created.
 *
 * <p>On the process engine it is a file in {@code /dev/shm} mapped into each process; the file is removed
 * when the context that created it closes (processes that mapped it keep their mapping until they exit or
 * {@link #close()} it). Plain accesses through {@link #segment()} are not ordered across processes: use
 * the segment's {@code VarHandle} access modes, or a {@link Lock}, to publish what you write.
 */
public interface SharedMemory extends AutoCloseable, Serializable {
    /** @return the size in bytes */
    long byteSize();

    /**
     * The shared bytes, mapped into this process on first use.
     *
     * @return a segment of {@link #byteSize()} bytes
     * @throws IllegalStateException if this handle was closed in this process
     */
    MemorySegment segment();

    /** Unmaps the memory from this process; later {@link #segment()} calls fail. Idempotent. */
    @Override
    void close();
}
