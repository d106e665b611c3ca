package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Linux futex wait and wake on an {@code int} in shared memory, through libc's {@code syscall}.
 *
 * <p>Callers never trust a return: every wait is bounded and the caller re-checks its condition, an
 * interrupt, a deadline and dead peers after each one (a futex wait returns early on a signal, on a value
 * that already changed, and spuriously).
 */
/*
 * Implementation notes.
 *
 * The shared (not _PRIVATE) operations, because the word is in a MAP_SHARED file mapping used by several
 * processes: FUTEX_WAIT = 0 (timeout is relative), FUTEX_WAKE = 1. syscall is variadic from its second
 * argument; every vararg is passed as a 64-bit value, as the x86-64 ABI wants. The downcall handle costs
 * 70-170 ms to create in a fresh JVM, so it is made on first use (holder class), never at child start-up.
 * A blocking downcall pins a virtual thread's carrier: waits are short slices for that reason too.
 */
final class Futex {
    private static final long SYS_FUTEX = 202; // x86-64
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;

    private Futex() {
    }

    /**
     * Sleeps while the int at {@code offset} equals {@code expected}, at most {@code timeoutNanos}.
     * Returns at once if the value differs. May return early for any reason.
     */
    static void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(16, 8);
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            long unused = (long) Holder.SYSCALL.invokeExact(SYS_FUTEX, word(memory, offset),
                    FUTEX_WAIT, (long) expected, timespec, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /** Wakes at most {@code count} waiters of the int at {@code offset}. */
    static void wake(MemorySegment memory, long offset, int count) {
        try {
            long unused = (long) Holder.SYSCALL.invokeExact(SYS_FUTEX, word(memory, offset),
                    FUTEX_WAKE, (long) count, MemorySegment.NULL, 0L, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    /**
     * The word's address as a bare pointer, not a slice of the mapping: a slice would keep the mapping's
     * arena acquired for the whole wait, and the context could not unmap it while a thread sleeps here
     * (found by CrossProcessIpcTest). After an unmap the sleeper wakes at its slice's end and fails on its
     * next access to the closed memory instead of hanging.
     */
    private static MemorySegment word(MemorySegment memory, long offset) {
        java.util.Objects.checkFromIndexSize(offset, 4, memory.byteSize());
        return MemorySegment.ofAddress(memory.address() + offset);
    }

    /** Creates the downcall handle ahead of need, e.g. on a spare's idle time. */
    static void warmUp() {
        MethodHandle unused = Holder.SYSCALL;
    }

    private static final class Holder {
        static final MethodHandle SYSCALL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
    }
}
