package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.SharedMemory;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.joinOk;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every engine's {@link SharedMemory} must do (Python's {@code shared_memory}); readers and writers are workers.
 */
@Timeout(60)
class SharedMemoryContractTest {
    private static final VarHandle LONG_AT = ValueLayout.JAVA_LONG.varHandle();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sharedMemory_new_zeroFilledOfRequestedSize(Engine engine) {
        assumeTrue(engine.hasSharedMemory(), "raw shared memory cannot span machines");
        int bytes = 1 << 20;
        try (Context ctx = engine.open(); SharedMemory m = ctx.sharedMemory(bytes)) {
            assertEquals(bytes, m.byteSize());
            MemorySegment s = m.segment();
            assertEquals(bytes, s.byteSize());
            assertEquals(-1, MemorySegment.mismatch(s, 0, bytes, zeros(bytes), 0, bytes), "first non-zero byte");
            assertEquals(1, ctx.sharedMemory(1).segment().byteSize(), "the smallest size is exact too");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void segment_writtenByWorker_seenByParent(Engine engine) throws Exception {
        assumeTrue(engine.hasSharedMemory(), "raw shared memory cannot span machines");
        int bytes = 64 * 1024 + 3; // not a page multiple
        try (Context ctx = engine.open(); SharedMemory m = ctx.sharedMemory(bytes)) {
            Worker w = ctx.start(() -> {
                MemorySegment s = m.segment();
                check(s.byteSize() == bytes, "the worker maps " + s.byteSize() + " bytes");
                for (int i = 0; i < bytes; i++) {
                    s.set(ValueLayout.JAVA_BYTE, i, pattern(i));
                }
            });
            joinOk(w);
            MemorySegment s = m.segment();
            for (int i = 0; i < bytes; i++) {
                if (s.get(ValueLayout.JAVA_BYTE, i) != pattern(i)) {
                    assertEquals(pattern(i), s.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void segment_writtenByParent_seenByWorker(Engine engine) throws Exception {
        assumeTrue(engine.hasSharedMemory(), "raw shared memory cannot span machines");
        int bytes = 4096;
        try (Context ctx = engine.open(); SharedMemory m = ctx.sharedMemory(bytes)) {
            MemorySegment s = m.segment();
            for (int i = 0; i < bytes; i++) {
                s.set(ValueLayout.JAVA_BYTE, i, pattern(i));
            }
            VarHandle.fullFence(); // publish the plain writes before the worker is started
            Worker w = ctx.start(() -> {
                MemorySegment mine = m.segment();
                for (int i = 0; i < bytes; i++) {
                    check(mine.get(ValueLayout.JAVA_BYTE, i) == pattern(i), "byte " + i + " differs");
                }
                mine.set(ValueLayout.JAVA_LONG, 0, -1L);
            });
            joinOk(w);
            assertEquals(-1L, s.get(ValueLayout.JAVA_LONG, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void segment_twoWorkersAtomicAdds_loseNoUpdate(Engine engine) throws Exception {
        assumeTrue(engine.hasSharedMemory(), "raw shared memory cannot span machines");
        int n = 10_000;
        try (Context ctx = engine.open(); SharedMemory m = ctx.sharedMemory(128)) {
            Worker[] workers = Gate.startTogether(ctx, 2, () -> addAtomically(m, n));
            joinOk(workers);
            assertEquals(2L * n, (long) LONG_AT.getVolatile(m.segment(), 64L));
        }
    }

    private static void addAtomically(SharedMemory m, int n) {
        MemorySegment s = m.segment();
        for (int i = 0; i < n; i++) {
            LONG_AT.getAndAdd(s, 64L, 1L); // a cache line away from offset 0, aligned
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void segment_afterClose_throwsIllegalState(Engine engine) {
        assumeTrue(engine.hasSharedMemory(), "raw shared memory cannot span machines");
        try (Context ctx = engine.open()) {
            SharedMemory m = ctx.sharedMemory(16);
            m.segment().set(ValueLayout.JAVA_INT, 0, 1);
            m.close();
            assertThrows(IllegalStateException.class, m::segment);
            m.close(); // idempotent
            assertThrows(IllegalArgumentException.class, () -> ctx.sharedMemory(0));
            assertThrows(IllegalArgumentException.class, () -> ctx.sharedMemory(-1));
        }
    }

    static byte pattern(int i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    private static MemorySegment zeros(int bytes) {
        return Arena.ofAuto().allocate(bytes);
    }
}
