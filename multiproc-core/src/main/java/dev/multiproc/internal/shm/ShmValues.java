package dev.multiproc.internal.shm;

import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;

import java.io.Serial;
import java.util.Objects;

/** Shared values on shared memory: 8-byte aligned words with volatile access and CAS (doubles as raw bits). */
final class ShmValues {
    private ShmValues() {
    }

    static final class Long extends ShmObject implements SharedLong {
        @Serial
        private static final long serialVersionUID = 1L;

        Long(ShmHeap heap, long initial) {
            super(heap.allocate(8));
            setLong(0, initial);
        }

        @Override public long get() { return getLong(0); }
        @Override public void set(long value) { setLong(0, value); }
        @Override public long incrementAndGet() { return addAndGet(1); }
        @Override public long addAndGet(long delta) { return addLong(0, delta); }
        @Override public long getAndAdd(long delta) { return addLong(0, delta) - delta; }
        @Override public boolean compareAndSet(long expected, long value) { return casLong(0, expected, value); }
    }

    static final class Double extends ShmObject implements SharedDouble {
        @Serial
        private static final long serialVersionUID = 1L;

        Double(ShmHeap heap, double initial) {
            super(heap.allocate(8));
            set(initial);
        }

        @Override public double get() { return java.lang.Double.longBitsToDouble(getLong(0)); }
        @Override public void set(double value) { setLong(0, java.lang.Double.doubleToRawLongBits(value)); }
        @Override public double addAndGet(double delta) { return addBits(this, 0, delta); }

        @Override
        public boolean compareAndSet(double expected, double value) {
            return casLong(0, java.lang.Double.doubleToRawLongBits(expected), java.lang.Double.doubleToRawLongBits(value));
        }
    }

    static final class LongArray extends ShmObject implements SharedLongArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int length;

        LongArray(ShmHeap heap, int length) {
            super(heap.allocate(Math.max(8, 8L * length)));
            this.length = length;
        }

        private long at(int i) {
            return 8L * Objects.checkIndex(i, length);
        }

        @Override public int length() { return length; }
        @Override public long get(int i) { return getLong(at(i)); }
        @Override public void set(int i, long value) { setLong(at(i), value); }
        @Override public long addAndGet(int i, long delta) { return addLong(at(i), delta); }
        @Override public boolean compareAndSet(int i, long expected, long value) { return casLong(at(i), expected, value); }
    }

    static final class DoubleArray extends ShmObject implements SharedDoubleArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int length;

        DoubleArray(ShmHeap heap, int length) {
            super(heap.allocate(Math.max(8, 8L * length)));
            this.length = length;
        }

        private long at(int i) {
            return 8L * Objects.checkIndex(i, length);
        }

        @Override public int length() { return length; }
        @Override public double get(int i) { return java.lang.Double.longBitsToDouble(getLong(at(i))); }
        @Override public void set(int i, double value) { setLong(at(i), java.lang.Double.doubleToRawLongBits(value)); }
        @Override public double addAndGet(int i, double delta) { return addBits(this, at(i), delta); }
    }

    private static double addBits(ShmObject o, long field, double delta) {
        while (true) {
            long old = o.getLong(field);
            long next = java.lang.Double.doubleToRawLongBits(java.lang.Double.longBitsToDouble(old) + delta);
            if (o.casLong(field, old, next)) {
                return java.lang.Double.longBitsToDouble(next);
            }
        }
    }
}
