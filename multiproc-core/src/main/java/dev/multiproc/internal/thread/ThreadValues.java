package dev.multiproc.internal.thread;

import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;

import java.io.Serial;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Shared values of the thread engines: the JDK's atomics (doubles as their raw bits). */
final class ThreadValues {
    private ThreadValues() {
    }

    static final class Long implements SharedLong {
        @Serial
        private static final long serialVersionUID = 1L;
        private final AtomicLong value;

        Long(long initial) {
            value = new AtomicLong(initial);
        }

        @Override public long get() { return value.get(); }
        @Override public void set(long v) { value.set(v); }
        @Override public long incrementAndGet() { return value.incrementAndGet(); }
        @Override public long addAndGet(long delta) { return value.addAndGet(delta); }
        @Override public long getAndAdd(long delta) { return value.getAndAdd(delta); }
        @Override public boolean compareAndSet(long expected, long v) { return value.compareAndSet(expected, v); }
    }

    static final class Double implements SharedDouble {
        @Serial
        private static final long serialVersionUID = 1L;
        private final AtomicLong bits;

        Double(double initial) {
            bits = new AtomicLong(java.lang.Double.doubleToRawLongBits(initial));
        }

        @Override public double get() { return java.lang.Double.longBitsToDouble(bits.get()); }
        @Override public void set(double v) { bits.set(java.lang.Double.doubleToRawLongBits(v)); }

        @Override
        public double addAndGet(double delta) {
            long next = bits.accumulateAndGet(0, (old, ignored) ->
                    java.lang.Double.doubleToRawLongBits(java.lang.Double.longBitsToDouble(old) + delta));
            return java.lang.Double.longBitsToDouble(next);
        }

        @Override
        public boolean compareAndSet(double expected, double v) {
            return bits.compareAndSet(java.lang.Double.doubleToRawLongBits(expected),
                    java.lang.Double.doubleToRawLongBits(v));
        }
    }

    static final class LongArray implements SharedLongArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private final AtomicLongArray values;

        LongArray(int length) {
            values = new AtomicLongArray(length);
        }

        @Override public int length() { return values.length(); }
        @Override public long get(int i) { return values.get(i); }
        @Override public void set(int i, long v) { values.set(i, v); }
        @Override public long addAndGet(int i, long delta) { return values.addAndGet(i, delta); }
        @Override public boolean compareAndSet(int i, long expected, long v) { return values.compareAndSet(i, expected, v); }
    }

    static final class DoubleArray implements SharedDoubleArray {
        @Serial
        private static final long serialVersionUID = 1L;
        private final AtomicLongArray bits;

        DoubleArray(int length) {
            bits = new AtomicLongArray(length); // zero bits are 0.0
        }

        @Override public int length() { return bits.length(); }
        @Override public double get(int i) { return java.lang.Double.longBitsToDouble(bits.get(i)); }
        @Override public void set(int i, double v) { bits.set(i, java.lang.Double.doubleToRawLongBits(v)); }

        @Override
        public double addAndGet(int i, double delta) {
            long next = bits.accumulateAndGet(i, 0, (old, ignored) ->
                    java.lang.Double.doubleToRawLongBits(java.lang.Double.longBitsToDouble(old) + delta));
            return java.lang.Double.longBitsToDouble(next);
        }
    }
}
