package dev.multiproc.internal.shm;

import dev.multiproc.SharedMemory;

import java.io.Serial;
import java.lang.foreign.MemorySegment;

/** Raw shared memory: a segment of its own, so that its size is exactly what was asked for. */
final class ShmSharedMemory extends ShmObject implements SharedMemory {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long bytes;
    private transient volatile boolean closed;

    ShmSharedMemory(ShmHeap heap, long bytes) {
        super(heap.allocateOwn(bytes));
        this.bytes = bytes;
    }

    @Override
    public long byteSize() {
        return bytes;
    }

    @Override
    public MemorySegment segment() {
        if (closed) {
            throw new IllegalStateException("shared memory handle is closed");
        }
        return mem().asSlice(base, bytes);
    }

    @Override
    public void close() {
        closed = true;
    }
}
