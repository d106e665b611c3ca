package dev.multiproc.internal.shm;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Variable-length records in a segment of its own, between a head and a tail that only grow. Not
 * thread-safe: its queue calls it with the queue's lock held.
 *
 * <pre>
 * record: [int length][int kind][payload, padded to 8 bytes]
 *   DATA     the message bytes
 *   SPILL    the name of a transfer segment holding a message too large for the ring
 *   PAD      fills the end of the ring when the next record does not fit before it
 * </pre>
 * A record becomes visible when the tail moves past it, which is the writer's last step: a writer that dies
 * while copying leaves bytes beyond the tail that nobody reads. A reader moves the head only after it has
 * copied a record out; a reader that dies before leaves the record for the next one.
 */
final class ShmRing implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final int HEADER = 8, PAD = 3;
    private static final long INLINE_LIMIT = 1 << 20;
    static final int DATA = 1, SPILL = 2;

    private final String segmentName;
    private final long capacity;
    private transient volatile MemorySegment memory;

    ShmRing(ShmHeap heap, long capacity) {
        Segment s = heap.allocateOwn(capacity).segment();
        this.segmentName = s.name();
        this.capacity = capacity;
        this.memory = s.memory();
    }

    private MemorySegment mem() {
        MemorySegment m = memory;
        if (m == null) {
            m = Segments.attach(segmentName).memory();
            memory = m;
        }
        return m;
    }

    /** The largest message kept in the ring itself; larger ones are spilled to a transfer segment. */
    long inlineLimit() {
        return Math.min(capacity / 4, INLINE_LIMIT);
    }

    /** Bytes a record of {@code payload} bytes takes, padding included. */
    static long recordSize(long payload) {
        return (HEADER + payload + 7) & ~7L;
    }

    /**
     * Appends a record if it fits, counting the padding at the ring's end it may need.
     *
     * @return the new tail, or -1 if there is no room
     */
    long append(long head, long tail, byte[] payload, boolean spill) {
        if (!fits(head, tail, payload.length)) {
            return -1;
        }
        long size = recordSize(payload.length);
        long offset = tail % capacity;
        long toEnd = capacity - offset;
        if (size > toEnd) {
            writeHeader(offset, (int) (toEnd - HEADER), PAD);
            tail += toEnd;
            offset = 0;
        }
        MemorySegment.copy(payload, 0, mem(), ValueLayout.JAVA_BYTE, offset + HEADER, payload.length);
        writeHeader(offset, payload.length, spill ? SPILL : DATA);
        return tail + size;
    }

    /** Where {@code position} lies in the ring: an offset from its start. */
    long offset(long position) {
        return position % capacity;
    }

    /** The position of the ring's start after {@code position}. */
    long nextLap(long position) {
        return position - position % capacity + capacity;
    }

    /** Whether a record of {@code length} payload bytes fits between {@code tail} and {@code head}. */
    boolean fits(long head, long tail, int length) {
        long size = recordSize(length);
        long toEnd = capacity - tail % capacity;
        long needed = size <= toEnd ? size : toEnd + size;
        return capacity - (tail - head) >= needed;
    }

    private void writeHeader(long offset, int length, int kind) {
        mem().set(ValueLayout.JAVA_INT, offset, length);
        mem().set(ValueLayout.JAVA_INT, offset + 4, kind);
    }

    /** The record at {@code head} (after skipping padding), and where the head moves once it is consumed. */
    Record read(long head) {
        long offset = head % capacity;
        if (mem().get(ValueLayout.JAVA_INT, offset + 4) == PAD) {
            head += capacity - offset;
            offset = 0;
        }
        int length = mem().get(ValueLayout.JAVA_INT, offset);
        int kind = mem().get(ValueLayout.JAVA_INT, offset + 4);
        if (length < 0 || length > capacity - HEADER || (kind != DATA && kind != SPILL)) {
            throw new IllegalStateException("corrupt queue record: length=" + length + ", kind=" + kind);
        }
        byte[] payload = new byte[length];
        MemorySegment.copy(mem(), ValueLayout.JAVA_BYTE, offset + HEADER, payload, 0, length);
        return new Record(payload, kind == SPILL, head + recordSize(length));
    }

    record Record(byte[] payload, boolean spilled, long nextHead) {
        String spillName() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
