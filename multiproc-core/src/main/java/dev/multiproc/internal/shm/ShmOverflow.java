package dev.multiproc.internal.shm;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where an unbounded queue's items go while its ring is full: a chain of blocks, each a segment of its own
 * holding records one after another, from the head (the oldest record) to the tail. The first block is
 * 4 MiB and each next one twice the one before, up to 64 MiB, so the number of files grows with the bytes
 * waiting, not with the messages: 5 million small items take 5 files. A chain that drains is removed, and
 * the next overflow starts small again. One appender and one taker may work at once (their queue's producers'
 * and consumers' locks); {@link #resetIfDrained} needs both.
 *
 * <pre>
 * state (in the heap):  [head | tail]   each a position: (block number &lt;&lt; 28) | offset in the block
 * block n (a segment named prefix + n):
 *   [long capacity][long end][record][record]...      record: [int length][int kind][payload, padded to 8]
 * </pre>
 */
/*
 * Implementation notes.
 *
 * Block numbers only grow, so a mapping a process keeps is never mistaken for a newer block. A position
 * is one long, so each move of the head or the tail is a single store. A tail offset of 0 means the chain is
 * empty and its tail block not created yet. "end" stays 0 while a block is the tail; a producer that moves
 * on writes the block's final length there before it publishes the next block as the tail, so a taker that
 * reads the tail first and then "end" sees the final length.
 * The appender writes only the tail, the taker only the head: a taker that empties the chain leaves the head
 * at the tail (drained), and the next append goes on from there. Removing a drained chain moves the tail, so
 * it waits for a holder of both locks (resetIfDrained).
 * Crash consistency, as for the ring: a producer publishes (moves the tail) as its last step, so one that
 * died mid-copy left bytes nobody reads, or a block file nobody refers to, which the next producer of that
 * number unlinks first. A consumer moves the head after its copy and unlinks a block only after the head
 * left it. A reset moves the tail to (next block, 0) and then the head; one that died in between leaves the
 * head in a block whose end is 0, which the next reader leaves at once. A file left by a process that died
 * between a move and an unlink is deleted when the queue's heap closes.
 * Each process maps the head and the tail block it uses once and keeps the mappings until it moves on:
 * mapping and unmapping a shared arena per message is what made a chain of one file per message slow. The
 * appender's and the taker's mappings are separate, so that neither closes one the other is using.
 */
final class ShmOverflow extends ShmObject {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long HEAD = 0, TAIL = 8, SIZE = 16;
    private static final long CAPACITY = 0, END = 8, FIRST = 16;
    private static final int OFFSET_BITS = 28;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    static final long FIRST_BLOCK = 4 << 20, LARGEST_BLOCK = 64 << 20;

    private final String prefix;
    private transient Mapped reading;
    private transient Mapped writing;

    /** A block mapped in this process. */
    private record Mapped(long number, Segment segment) {
        MemorySegment memory() {
            return segment.memory();
        }

        long capacity() {
            return memory().get(ValueLayout.JAVA_LONG, CAPACITY);
        }
    }

    ShmOverflow(ShmHeap heap, String prefix) {
        super(heap.allocate(SIZE));
        this.prefix = prefix;
    }

    private static long position(long block, long offset) {
        return block << OFFSET_BITS | offset;
    }

    private static long block(long position) {
        return position >>> OFFSET_BITS;
    }

    private static long offset(long position) {
        return position & OFFSET_MASK;
    }

    /** {@link #state()}: no chain, a drained one that waits for {@link #resetIfDrained}, one holding records. */
    static final int NONE = 0, DRAINED = 1, HOLDS = 2;

    /** Whether the chain holds records, or is drained, or is not there: one read of the head and of the tail. */
    int state() {
        long head = getLong(HEAD), tail = getLong(TAIL);
        return offset(tail) == 0 ? NONE : head == tail ? DRAINED : HOLDS;
    }

    boolean isEmpty() {
        return state() != HOLDS;
    }

    /**
     * Appends a record at the tail, starting a new block when it does not fit in the tail one.
     *
     * @return whether the record was the only one in the chain when it was published
     */
    boolean append(byte[] payload, boolean spilled) {
        long size = ShmRing.recordSize(payload.length);
        long before = getLong(TAIL);
        long block = block(before), at = offset(before);
        Mapped target = at == 0 ? null : blockForWriting(block);
        if (target == null || at + size > target.capacity()) {
            long previous = 0;
            if (target != null) {
                previous = target.capacity();
                target.memory().set(ValueLayout.JAVA_LONG, END, at); // readers of the old block stop here
                block++;
            }
            target = newBlock(block, Math.max(nextCapacity(previous), FIRST + size));
            at = FIRST;
        }
        MemorySegment m = target.memory();
        MemorySegment.copy(payload, 0, m, ValueLayout.JAVA_BYTE, at + 8, payload.length);
        m.set(ValueLayout.JAVA_INT, at, payload.length);
        m.set(ValueLayout.JAVA_INT, at + 4, spilled ? ShmRing.SPILL : ShmRing.DATA);
        setLong(TAIL, position(block, at + size)); // publishes the record: the writer's last step
        return getLong(HEAD) == before; // read after the publish: a taker that drained the chain left it there
    }

    private static long nextCapacity(long previous) {
        return previous == 0 ? FIRST_BLOCK : Math.min(2 * previous, LARGEST_BLOCK);
    }

    private Mapped newBlock(long number, long capacity) {
        String name = prefix + number;
        Segment.unlink(name); // left by a producer that died before publishing it
        Segment s = Segments.createTransfer(name, capacity);
        s.memory().set(ValueLayout.JAVA_LONG, CAPACITY, capacity);
        unmapWriting();
        writing = new Mapped(number, s);
        return writing;
    }

    /** Removes the record at the head; the chain must not be empty. */
    ShmRing.Record take() {
        long head = getLong(HEAD), tail = getLong(TAIL);
        long block = block(head), at = Math.max(offset(head), FIRST);
        MemorySegment m = blockForReading(block).memory();
        if (block < block(tail) && at >= m.get(ValueLayout.JAVA_LONG, END)) {
            setLong(HEAD, position(block + 1, FIRST)); // the head block is used up
            leave(block);
            return take();
        }
        int length = m.get(ValueLayout.JAVA_INT, at);
        int kind = m.get(ValueLayout.JAVA_INT, at + 4);
        if (length < 0 || at + 8 + length > m.byteSize() || (kind != ShmRing.DATA && kind != ShmRing.SPILL)) {
            throw new IllegalStateException("corrupt overflow record: block=" + block + ", length=" + length);
        }
        byte[] payload = m.asSlice(at + 8, length).toArray(ValueLayout.JAVA_BYTE);
        setLong(HEAD, position(block, at + ShmRing.recordSize(length))); // after the copy: see the notes
        return new ShmRing.Record(payload, kind == ShmRing.SPILL, -1);
    }

    /**
     * Removes a drained chain, so that its block's file goes and the next overflow starts small; both of the
     * queue's locks held. Does nothing unless the chain is drained.
     *
     * @return whether it removed one
     */
    boolean resetIfDrained() {
        long head = getLong(HEAD), tail = getLong(TAIL);
        if (offset(tail) == 0 || head != tail) {
            return false;
        }
        long next = position(block(tail) + 1, 0);
        setLong(TAIL, next);
        setLong(HEAD, next);
        unmapWriting();
        leave(block(tail));
        return true;
    }

    /** Unmaps and unlinks a block the head has left. */
    private void leave(long block) {
        Mapped old = reading;
        reading = null;
        if (old != null) {
            old.segment().close();
        }
        Segment.unlink(prefix + block);
    }

    private Mapped blockForReading(long number) {
        if (reading == null || reading.number() != number) {
            Mapped old = reading;
            reading = map(number);
            if (old != null) {
                old.segment().close();
            }
        }
        return reading;
    }

    private Mapped blockForWriting(long number) {
        if (writing == null || writing.number() != number) {
            unmapWriting();
            writing = map(number);
        }
        return writing;
    }

    private void unmapWriting() {
        Mapped old = writing;
        writing = null;
        if (old != null) {
            old.segment().close();
        }
    }

    private Mapped map(long number) {
        return new Mapped(number, Segment.attach(prefix + number));
    }
}
