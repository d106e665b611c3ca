package dev.multiproc.internal.shm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The futex layer: its table of system calls, and results it must not ignore. */
@Timeout(30)
class FutexTest {

    @Test
    void syscalls_knownArchitectures_theirNumbers_unknownNone() {
        assertArrayEquals(new long[] {202, 449}, Futex.syscalls("amd64"));
        assertArrayEquals(new long[] {98, 449}, Futex.syscalls("aarch64"));
        assertArrayEquals(new long[] {98, 449}, Futex.syscalls("riscv64"));
        assertArrayEquals(new long[] {221, 449}, Futex.syscalls("ppc64le"));
        assertArrayEquals(new long[] {238, 449}, Futex.syscalls("s390x"));
        assertNull(Futex.syscalls("sparcv9"));
    }

    @Test
    void checkArchitecture_unknown_failsNamingThePortableMode() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Platform.checkArchitecture("sparcv9"));
        assertTrue(e.getMessage().contains("sparcv9") && e.getMessage().contains("-Dmultiproc.platform=portable"),
                e.getMessage());
        Platform.checkArchitecture("aarch64");
    }

    @Test
    void await_misalignedWord_failsWithItsErrno() {
        Assumptions.assumeTrue(!Platform.portable(), "the futex itself: Linux mode");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(16, 8);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Futex.await(m, 1, 0, 1_000_000));
            assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
        }
    }

    @Test
    void await_valueAlreadyOther_returnsAtOnce_andTimesOutOtherwise() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(8, 8);
            m.set(ValueLayout.JAVA_INT, 0, 5);
            long start = System.nanoTime();
            Futex.await(m, 0, 4, 5_000_000_000L); // EAGAIN: not an error
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "returned at once");
            start = System.nanoTime();
            Futex.await(m, 0, 5, 20_000_000L); // ETIMEDOUT: not an error
            assertTrue(System.nanoTime() - start >= 15_000_000L, "slept its timeout");
            Futex.wake(m, 0, 1);
            assertTrue(Futex.awaitAny(new MemorySegment[] {m}, new long[] {0}, new int[] {4}, 5_000_000_000L));
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "waitv returned at once on a changed word");
        }
    }
}
