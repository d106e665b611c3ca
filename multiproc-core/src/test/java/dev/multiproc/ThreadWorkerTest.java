package dev.multiproc;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where threads differ from processes: a shared heap, and stopping is cooperative. */
@Timeout(30)
class ThreadWorkerTest {

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "VIRTUAL_THREADS"})
    void kill_taskIgnoringInterrupts_keepsRunning(Engine engine) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> {
                while (!stop.get()) {
                    Thread.interrupted(); // refuses to be stopped cooperatively
                    Thread.onSpinWait();
                }
            });
            w.kill();
            assertFalse(w.join(Duration.ofMillis(300)), "a thread cannot be stopped by force");
            assertTrue(w.isAlive());
            stop.set(true);
            assertTrue(w.join(Duration.ofSeconds(10)));
            assertEquals(OptionalInt.of(0), w.exitCode());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "VIRTUAL_THREADS"})
    void capture_sharedHeap_sameObjectSeen(Engine engine) throws Exception {
        Object[] seen = new Object[1];
        Object mine = new Object();
        try (Context ctx = engine.open()) {
            ctx.start(() -> seen[0] = mine).join();
        }
        assertSame(mine, seen[0], "threads share the heap: the capture is the object itself");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "VIRTUAL_THREADS"})
    void failure_isTheThrowablesDescription(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> {
                throw new ArithmeticException("x/0");
            });
            w.join();
            assertEquals("java.lang.ArithmeticException", w.failure().orElseThrow().remoteClassName());
            assertEquals("java.lang.ArithmeticException: x/0", w.failure().orElseThrow().toString());
        }
    }
}
