package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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
    private static final long SYS_FUTEX_WAITV = 449; // x86-64 and the generic table (arm64): Linux 5.16 and later
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final long FUTEX2_SIZE_U32 = 2;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int WAITV_SIZE = 24; // struct futex_waitv: u64 val, u64 uaddr, u32 flags, u32 reserved

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

    /**
     * Sleeps while every word {@code addresses[i]} holds {@code expected[i]}, at most {@code timeoutNanos}
     * (futex_waitv). May return early for any reason; returns at once if a value differs.
     *
     * @return {@code false} if the kernel has no futex_waitv (before Linux 5.16): the caller must poll
     */
    static boolean awaitAny(long[] addresses, int[] expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment waiters = arena.allocate((long) WAITV_SIZE * addresses.length, 8);
            for (int i = 0; i < addresses.length; i++) {
                long at = (long) WAITV_SIZE * i;
                waiters.set(JAVA_LONG, at, expected[i] & 0xffffffffL);
                waiters.set(JAVA_LONG, at + 8, addresses[i]);
                waiters.set(JAVA_LONG, at + 16, FUTEX2_SIZE_U32); // flags, then a reserved 0
            }
            MemorySegment deadline = arena.allocate(16, 8);
            int failed = (int) WaitvHolder.CLOCK_GETTIME.invokeExact(CLOCK_MONOTONIC, deadline); // the wait's deadline is absolute
            long nanos = deadline.get(JAVA_LONG, 8) + timeoutNanos;
            deadline.set(JAVA_LONG, 0, deadline.get(JAVA_LONG, 0) + nanos / 1_000_000_000L);
            deadline.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
            MemorySegment errno = arena.allocate(WaitvHolder.CALL_STATE);
            long r = (long) WaitvHolder.SYSCALL_ERRNO.invokeExact(errno, SYS_FUTEX_WAITV, waiters, (long) addresses.length,
                    0L, deadline, (long) CLOCK_MONOTONIC, 0L);
            return failed != 0 || r >= 0 || (int) WaitvHolder.ERRNO.get(errno, 0L) != ENOSYS;
        } catch (Throwable t) {
            throw new IllegalStateException("futex_waitv failed", t);
        }
    }

    private static final int ENOSYS = 38;

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
        static final FunctionDescriptor SYSCALL_SHAPE =
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG);
        static final MethodHandle SYSCALL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(), SYSCALL_SHAPE,
                Linker.Option.firstVariadicArg(1));
    }

    /** futex_waitv's extra handles, made by its first use only: waitForAny's, never a child's start-up. */
    private static final class WaitvHolder {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle SYSCALL_ERRNO = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(), Holder.SYSCALL_SHAPE,
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }
}
