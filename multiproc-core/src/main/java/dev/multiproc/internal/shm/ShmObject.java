package dev.multiproc.internal.shm;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A handle to an object in shared memory: it serializes as (segment name, offset) and re-attaches in the
 * receiving process, mapping the segment there on first use.
 */
abstract class ShmObject implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** How long a blocked waiter sleeps before it re-checks interrupts, deadlines and dead peers. */
    static final long SLICE_NANOS = 50_000_000L;
    /** How long to spin before sleeping: a hand-off between running processes takes well under this. */
    static final long SPIN_NANOS = 20_000L;

    /**
     * Paces a wait loop's checks for dead processes: reading {@code /proc} costs ~150 µs, which a waiter
     * woken by a live peer should not pay. Due once a slice after the loop began, then every slice, so a
     * holder that died is still found within about one slice of sleeping.
     */
    static final class Pace {
        private long next = System.nanoTime() + SLICE_NANOS;

        boolean due() {
            long now = System.nanoTime();
            if (now - next < 0) {
                return false;
            }
            next = now + SLICE_NANOS;
            return true;
        }
    }

    private final String segmentName;
    final long base;
    private transient volatile MemorySegment memory;

    ShmObject(ShmHeap.Block block) {
        this.segmentName = block.segmentName();
        this.base = block.offset();
        this.memory = block.segment().memory();
    }

    /** Names this object among all shared objects: its segment and offset. */
    final String key() {
        return segmentName + "@" + base;
    }

    /** The mapped memory of this object's segment in this process. */
    final MemorySegment mem() {
        MemorySegment m = memory;
        if (m == null) {
            int unused = Self.PID; // this process's identity, read from /proc now rather than mid-operation
            m = Segments.attach(segmentName).memory();
            memory = m;
        }
        return m;
    }

    final int getInt(long field) {
        return (int) INT.getVolatile(mem(), base + field);
    }

    final void setInt(long field, int value) {
        INT.setVolatile(mem(), base + field, value);
    }

    final boolean casInt(long field, int expected, int value) {
        return INT.compareAndSet(mem(), base + field, expected, value);
    }

    final int getAndSetInt(long field, int value) {
        return (int) INT.getAndSet(mem(), base + field, value);
    }

    final int addInt(long field, int delta) {
        return (int) INT.getAndAdd(mem(), base + field, delta) + delta;
    }

    final long addLong(long field, long delta) {
        return (long) LONG.getAndAdd(mem(), base + field, delta) + delta;
    }

    final long getLong(long field) {
        return (long) LONG.getVolatile(mem(), base + field);
    }

    final void setLong(long field, long value) {
        LONG.setVolatile(mem(), base + field, value);
    }

    final boolean casLong(long field, long expected, long value) {
        return LONG.compareAndSet(mem(), base + field, expected, value);
    }

    final void await(long field, int expected, long nanos) {
        Futex.await(mem(), base + field, expected, Math.min(nanos, SLICE_NANOS));
    }

    final void wake(long field, int count) {
        Futex.wake(mem(), base + field, count);
    }

    static long deadline(long timeoutNanos) {
        long now = System.nanoTime();
        return timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
    }
}
