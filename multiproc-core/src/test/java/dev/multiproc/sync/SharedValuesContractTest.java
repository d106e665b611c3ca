package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.joinOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every engine's shared values and arrays must do (Python's {@code Value} and {@code Array}, but atomic);
 * the concurrent updaters are workers of the engine under test.
 */
@Timeout(60)
class SharedValuesContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLong_eachOperation_behavesLikeAtomicLong(Engine engine) {
        try (Context ctx = engine.open()) {
            SharedLong v = ctx.sharedLong(5);
            assertEquals(5, v.get());
            assertEquals(6, v.incrementAndGet());
            assertEquals(16, v.addAndGet(10));
            assertEquals(16, v.getAndAdd(-20));
            assertEquals(-4, v.get());
            assertFalse(v.compareAndSet(0, 1));
            assertEquals(-4, v.get());
            assertTrue(v.compareAndSet(-4, Long.MAX_VALUE));
            assertEquals(Long.MAX_VALUE, v.get());
            assertEquals(Long.MIN_VALUE, v.incrementAndGet(), "wraps around like AtomicLong");
            v.set(0);
            assertEquals(0, v.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLong_setInWorker_seenByParentAndBack(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            SharedLong v = ctx.sharedLong(-7);
            Worker w = ctx.start(() -> {
                check(v.get() == -7, "the worker sees the initial value: " + v.get());
                v.set(123_456_789_012L);
            });
            joinOk(w);
            assertEquals(123_456_789_012L, v.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLong_twoWorkersAndParentContending_loseNoUpdate(Engine engine) throws Exception {
        int n = engine.rounds(20_000);
        try (Context ctx = engine.open()) {
            SharedLong v = ctx.sharedLong(0);
            SharedLong cas = ctx.sharedLong(0);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> hammer(v, cas, n));
            hammer(v, cas, n);
            joinOk(workers);
            assertEquals(3L * n * (1 + 2 + 3), v.get());
            assertEquals(3L * n / 4, cas.get());
        }
    }

    /** Each round adds 1 + 2 + 3 to {@code v} by its three atomic adds; every 4th round CAS-increments {@code cas}. */
    private static void hammer(SharedLong v, SharedLong cas, int n) {
        for (int i = 0; i < n; i++) {
            v.incrementAndGet();
            v.addAndGet(2);
            v.getAndAdd(3);
            if (i % 4 == 0) {
                long seen;
                do {
                    seen = cas.get();
                } while (!cas.compareAndSet(seen, seen + 1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedDouble_eachOperation_comparesBitPatterns(Engine engine) {
        try (Context ctx = engine.open()) {
            SharedDouble d = ctx.sharedDouble(1.5);
            assertEquals(1.5, d.get());
            assertEquals(4.0, d.addAndGet(2.5));
            d.set(-0.0);
            assertFalse(d.compareAndSet(0.0, 1.0), "-0.0 and 0.0 differ in their bits");
            assertTrue(d.compareAndSet(-0.0, Double.NaN));
            assertTrue(d.compareAndSet(Double.NaN, 2.0), "NaN matches its own bits");
            assertEquals(2.0, d.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedDouble_twoWorkersAdding_loseNoUpdate(Engine engine) throws Exception {
        int n = engine.rounds(10_000);
        try (Context ctx = engine.open()) {
            SharedDouble d = ctx.sharedDouble(0.0);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> addHalves(d, n));
            joinOk(workers);
            assertEquals(n, d.get(), 0.0, "halves are exact in binary: any difference is a lost update");
        }
    }

    private static void addHalves(SharedDouble d, int n) {
        for (int i = 0; i < n; i++) {
            d.addAndGet(0.5);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLongArray_new_zeroFilledWithEachOperation(Engine engine) {
        try (Context ctx = engine.open()) {
            SharedLongArray a = ctx.sharedLongArray(100);
            assertEquals(100, a.length());
            for (int i = 0; i < a.length(); i++) {
                assertEquals(0, a.get(i), "element " + i);
            }
            a.set(99, 7);
            assertEquals(7, a.get(99));
            assertEquals(0, a.get(98), "neighbours untouched");
            assertEquals(10, a.addAndGet(99, 3));
            assertFalse(a.compareAndSet(99, 0, 1));
            assertTrue(a.compareAndSet(99, 10, -1));
            assertEquals(-1, a.get(99));
            assertEquals(0, ctx.sharedLongArray(0).length());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLongArray_indexOutside_throwsIndexOutOfBounds(Engine engine) {
        try (Context ctx = engine.open()) {
            SharedLongArray a = ctx.sharedLongArray(4);
            for (int i : new int[] {-1, 4, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertThrows(IndexOutOfBoundsException.class, () -> a.get(i), "get " + i);
                assertThrows(IndexOutOfBoundsException.class, () -> a.set(i, 1), "set " + i);
                assertThrows(IndexOutOfBoundsException.class, () -> a.addAndGet(i, 1), "addAndGet " + i);
                assertThrows(IndexOutOfBoundsException.class, () -> a.compareAndSet(i, 0, 1), "compareAndSet " + i);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> ctx.sharedLongArray(0).get(0));
            assertThrows(IllegalArgumentException.class, () -> ctx.sharedLongArray(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedLongArray_twoWorkersAddingToEveryElement_loseNoUpdate(Engine engine) throws Exception {
        int rounds = engine.rounds(2_000);
        try (Context ctx = engine.open()) {
            SharedLongArray a = ctx.sharedLongArray(8);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> addToEach(a, rounds));
            joinOk(workers);
            for (int i = 0; i < a.length(); i++) {
                assertEquals(2L * rounds * (i + 1), a.get(i), "element " + i);
            }
        }
    }

    /** Adds {@code i + 1} to element {@code i}: odd rounds with addAndGet, even rounds with a CAS loop. */
    private static void addToEach(SharedLongArray a, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < a.length(); i++) {
                if (r % 2 == 1) {
                    a.addAndGet(i, i + 1);
                } else {
                    long seen;
                    do {
                        seen = a.get(i);
                    } while (!a.compareAndSet(i, seen, seen + i + 1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedDoubleArray_new_zeroFilledWithEachOperation(Engine engine) {
        try (Context ctx = engine.open()) {
            SharedDoubleArray a = ctx.sharedDoubleArray(10);
            assertEquals(10, a.length());
            for (int i = 0; i < a.length(); i++) {
                assertEquals(0.0, a.get(i));
            }
            a.set(3, 1.25);
            assertEquals(1.25, a.get(3));
            assertEquals(3.75, a.addAndGet(3, 2.5));
            assertEquals(0.0, a.get(4));
            for (int i : new int[] {-1, 10}) {
                assertThrows(IndexOutOfBoundsException.class, () -> a.get(i));
                assertThrows(IndexOutOfBoundsException.class, () -> a.set(i, 1));
                assertThrows(IndexOutOfBoundsException.class, () -> a.addAndGet(i, 1));
            }
            assertThrows(IllegalArgumentException.class, () -> ctx.sharedDoubleArray(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedDoubleArray_twoWorkersAdding_loseNoUpdate(Engine engine) throws Exception {
        int rounds = engine.rounds(5_000);
        try (Context ctx = engine.open()) {
            SharedDoubleArray a = ctx.sharedDoubleArray(3);
            Worker[] workers = Gate.startTogether(ctx, 2, () -> addHalvesToEach(a, rounds));
            joinOk(workers);
            for (int i = 0; i < a.length(); i++) {
                assertEquals(rounds, a.get(i), 0.0, "element " + i);
            }
        }
    }

    private static void addHalvesToEach(SharedDoubleArray a, int rounds) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < a.length(); i++) {
                a.addAndGet(i, 0.5);
            }
        }
    }
}
