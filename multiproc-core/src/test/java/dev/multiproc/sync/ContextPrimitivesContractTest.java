package dev.multiproc.sync;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** What every engine's {@link Context} factories of primitives must do, whatever the primitive. */
@Timeout(60)
class ContextPrimitivesContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyFactory_afterClose_throwsIllegalState(Engine engine) {
        Context ctx = engine.open();
        ctx.close();
        List<Executable> factories = List.of(ctx::lock, ctx::rlock, ctx::condition, () -> ctx.semaphore(1),
                () -> ctx.boundedSemaphore(1), ctx::event, () -> ctx.barrier(2), () -> ctx.sharedLong(0),
                () -> ctx.sharedDouble(0), () -> ctx.sharedLongArray(1), () -> ctx.sharedDoubleArray(1),
                () -> ctx.sharedMemory(1));
        for (int i = 0; i < factories.size(); i++) {
            assertThrows(IllegalStateException.class, factories.get(i), "factory #" + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyFactory_badSize_throwsIllegalArgument(Engine engine) {
        try (Context ctx = engine.open()) {
            List<Executable> factories = List.of(() -> ctx.semaphore(-1), () -> ctx.boundedSemaphore(-1),
                    () -> ctx.barrier(0), () -> ctx.sharedLongArray(-1), () -> ctx.sharedDoubleArray(-1),
                    () -> ctx.sharedMemory(0));
            for (int i = 0; i < factories.size(); i++) {
                assertThrows(IllegalArgumentException.class, factories.get(i), "factory #" + i);
            }
        }
    }
}
