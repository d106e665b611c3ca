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

    /** {@code AtomicLong} already has every method of {@code SharedLong}, with the same meaning. */
    static final class Long extends AtomicLong implements SharedLong {
        @Serial
        private static final long serialVersionUID = 1L;

        Long(long initial) {
            super(initial);
        }
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

    /** {@code AtomicLongArray} already has every method of {@code SharedLongArray}, with the same meaning. */
    static final class LongArray extends AtomicLongArray implements SharedLongArray {
        @Serial
        private static final long serialVersionUID = 1L;

        LongArray(int length) {
            super(length);
        }
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
