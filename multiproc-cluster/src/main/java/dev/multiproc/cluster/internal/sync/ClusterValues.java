package dev.multiproc.cluster.internal.sync;

import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.util.Objects;

/**
 * Shared values and arrays on a cluster ({@code IAtomicLong} is Enterprise-only): the slots of one value or
 * array in one entry, as raw {@code long} bits, each operation one atomic entry processor. Every operation is
 * a round trip to the entry's member: use them for coordination, not in hot loops.
 */
public final class ClusterValues {
    private ClusterValues() {
    }

    private enum Kind { GET, SET, ADD_LONG, ADD_DOUBLE, CAS }

    private record Slots(long[] bits) implements State {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** The value of slot {@code i} after the operation, and whether a compare-and-set took place (1/0). */
    private static Op<long[]> op(int i, Kind kind, long a, long b) {
        return cell -> {
            long[] bits = ((Slots) cell.get()).bits().clone();
            long before = bits[i];
            long after = switch (kind) {
                case GET -> before;
                case SET -> a;
                case ADD_LONG -> before + a;
                case ADD_DOUBLE -> Double.doubleToRawLongBits(Double.longBitsToDouble(before) + Double.longBitsToDouble(a));
                case CAS -> before == a ? b : before;
            };
            if (after != before) {
                bits[i] = after;
                cell.set(new Slots(bits));
            }
            return new long[] {before, after, kind == Kind.CAS && before == a ? 1 : 0};
        };
    }

    private static Op<Void> create(long[] bits) {
        return cell -> {
            cell.set(new Slots(bits));
            return null;
        };
    }

    /** The slots of one key. */
    private abstract static class Cells extends Handle {
        @Serial
        private static final long serialVersionUID = 1L;
        private final int length;

        Cells(Grid.Ref ref, String key, long[] initial) {
            super(ref, key);
            this.length = initial.length;
            update(create(initial));
        }

        final long[] run(int i, Kind kind, long a, long b) {
            Objects.checkIndex(i, length);
            return update(op(i, kind, a, b));
        }

        public final int length() {
            return length;
        }
    }

    public static final class Long1 extends Cells implements SharedLong {
        @Serial
        private static final long serialVersionUID = 1L;

        public Long1(Grid.Ref ref, String key, long initial) {
            super(ref, key, new long[] {initial});
        }

        @Override public long get() { return run(0, Kind.GET, 0, 0)[0]; }
        @Override public void set(long value) { run(0, Kind.SET, value, 0); }
        @Override public long incrementAndGet() { return addAndGet(1); }
        @Override public long addAndGet(long delta) { return run(0, Kind.ADD_LONG, delta, 0)[1]; }
        @Override public long getAndAdd(long delta) { return run(0, Kind.ADD_LONG, delta, 0)[0]; }
        @Override public boolean compareAndSet(long expected, long value) { return run(0, Kind.CAS, expected, value)[2] == 1; }
    }

    public static final class Double1 extends Cells implements SharedDouble {
        @Serial
        private static final long serialVersionUID = 1L;

        public Double1(Grid.Ref ref, String key, double initial) {
            super(ref, key, new long[] {Double.doubleToRawLongBits(initial)});
        }

        @Override public double get() { return Double.longBitsToDouble(run(0, Kind.GET, 0, 0)[0]); }
        @Override public void set(double value) { run(0, Kind.SET, Double.doubleToRawLongBits(value), 0); }
        @Override public double addAndGet(double delta) {
            return Double.longBitsToDouble(run(0, Kind.ADD_DOUBLE, Double.doubleToRawLongBits(delta), 0)[1]);
        }
        @Override public boolean compareAndSet(double expected, double value) {
            return run(0, Kind.CAS, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value))[2] == 1;
        }
    }

    public static final class LongArray extends Cells implements SharedLongArray {
        @Serial
        private static final long serialVersionUID = 1L;

        public LongArray(Grid.Ref ref, String key, int length) {
            super(ref, key, new long[length]);
        }

        @Override public long get(int i) { return run(i, Kind.GET, 0, 0)[0]; }
        @Override public void set(int i, long value) { run(i, Kind.SET, value, 0); }
        @Override public long addAndGet(int i, long delta) { return run(i, Kind.ADD_LONG, delta, 0)[1]; }
        @Override public boolean compareAndSet(int i, long expected, long value) {
            return run(i, Kind.CAS, expected, value)[2] == 1;
        }
    }

    public static final class DoubleArray extends Cells implements SharedDoubleArray {
        @Serial
        private static final long serialVersionUID = 1L;

        public DoubleArray(Grid.Ref ref, String key, int length) {
            super(ref, key, new long[length]); // 0L is the bits of +0.0
        }

        @Override public double get(int i) { return Double.longBitsToDouble(run(i, Kind.GET, 0, 0)[0]); }
        @Override public void set(int i, double value) { run(i, Kind.SET, Double.doubleToRawLongBits(value), 0); }
        @Override public double addAndGet(int i, double delta) {
            return Double.longBitsToDouble(run(i, Kind.ADD_DOUBLE, Double.doubleToRawLongBits(delta), 0)[1]);
        }
    }
}
