package dev.multiproc.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Waiting on and waking an {@code int} in shared memory: the Linux futex, through libc's {@code syscall}, or in
 * the portable mode ({@link Platform}) a short spin and then growing sleeps ({@link PolledWait}), where a wake
 * does nothing.
 *
 * <p>Callers never trust a return: every wait is bounded and the caller re-checks its condition, an
 * interrupt, a deadline and dead peers after each one (a futex wait returns early on a signal, on a value
 * that already changed, and spuriously). A failure the futex should never report (a bad address, an unknown
 * operation) is an {@link IllegalStateException} naming the {@code errno}.
 */
/*
 * Implementation notes.
 *
 * The shared (not _PRIVATE) operations, because the word is in a MAP_SHARED file mapping used by several
 * processes: FUTEX_WAIT = 0 (timeout is relative), FUTEX_WAKE = 1. The system call numbers differ by
 * architecture (202 on x86-64 is another call on arm64, where every wait would then return at once); futex_waitv
 * came after the tables were unified, so it is 449 everywhere. syscall is variadic from its second argument; every
 * vararg is passed as a 64-bit value. The downcall handle costs 70-170 ms to create in a fresh JVM, so it is made
 * on first use (holder class), never at child start-up. A blocking downcall pins a virtual thread's carrier:
 * waits are short slices for that reason too.
 */
final class Futex {
    /** futex and futex_waitv by {@code os.arch}: the architectures the JDK ships on Linux. */
    private static final Map<String, long[]> SYSCALLS = Map.of(
            "amd64", new long[] {202, 449}, "x86_64", new long[] {202, 449},
            "aarch64", new long[] {98, 449}, "riscv64", new long[] {98, 449}, "loongarch64", new long[] {98, 449},
            "ppc64le", new long[] {221, 449}, "ppc64", new long[] {221, 449}, "s390x", new long[] {238, 449});
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final long FUTEX2_SIZE_U32 = 2;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int WAITV_SIZE = 24; // struct futex_waitv: u64 val, u64 uaddr, u32 flags, u32 reserved
    private static final int EINTR = 4, EAGAIN = 11, ENOSYS = 38, ETIMEDOUT = 110;
    private static final Map<Integer, String> ERRNO_NAMES = Map.of(1, "EPERM", 4, "EINTR", 11, "EAGAIN", 14, "EFAULT",
            22, "EINVAL", 38, "ENOSYS", 110, "ETIMEDOUT");

    private Futex() {
    }

    /** The futex and futex_waitv system call numbers of {@code arch} ({@code os.arch}), or {@code null} if unknown. */
    static long[] syscalls(String arch) {
        long[] numbers = SYSCALLS.get(arch);
        return numbers == null ? null : numbers.clone();
    }

    /**
     * Sleeps while the int at {@code offset} equals {@code expected}, at most {@code timeoutNanos}.
     * Returns at once if the value differs. May return early for any reason.
     */
    static void await(MemorySegment memory, long offset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        if (Platform.PORTABLE) {
            java.util.Objects.checkFromIndexSize(offset, 4, memory.byteSize());
            PolledWait.await(new MemorySegment[] {memory}, new long[] {offset}, new int[] {expected}, timeoutNanos);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(16, 8);
            timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
            timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            MemorySegment errno = Holder.CALL_STATE_HERE.get();
            long r = (long) Holder.SYSCALL.invokeExact(errno, Holder.numbers()[0], word(memory, offset),
                    FUTEX_WAIT, (long) expected, timespec, 0L, 0L);
            expect(r, errno, "futex wait", EAGAIN, EINTR, ETIMEDOUT);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /**
     * Sleeps while every word {@code offsets[i]} of {@code memory[i]} holds {@code expected[i]}, at most
     * {@code timeoutNanos} (futex_waitv, Linux 5.16 and later). May return early for any reason; returns at once
     * if a value differs.
     *
     * @return {@code false} if the kernel has no futex_waitv: the caller must poll
     */
    static boolean awaitAny(MemorySegment[] memory, long[] offsets, int[] expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return true;
        }
        if (Platform.PORTABLE) {
            PolledWait.await(memory, offsets, expected, timeoutNanos);
            return true;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment waiters = arena.allocate((long) WAITV_SIZE * memory.length, 8);
            for (int i = 0; i < memory.length; i++) {
                long at = (long) WAITV_SIZE * i;
                waiters.set(JAVA_LONG, at, expected[i] & 0xffffffffL);
                waiters.set(JAVA_LONG, at + 8, word(memory[i], offsets[i]).address());
                waiters.set(JAVA_LONG, at + 16, FUTEX2_SIZE_U32); // flags, then a reserved 0
            }
            MemorySegment deadline = arena.allocate(16, 8);
            int failed = (int) WaitvHolder.CLOCK_GETTIME.invokeExact(CLOCK_MONOTONIC, deadline); // the deadline is absolute
            if (failed != 0) {
                throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed");
            }
            long nanos = deadline.get(JAVA_LONG, 8) + timeoutNanos;
            deadline.set(JAVA_LONG, 0, deadline.get(JAVA_LONG, 0) + nanos / 1_000_000_000L);
            deadline.set(JAVA_LONG, 8, nanos % 1_000_000_000L);
            MemorySegment errno = Holder.CALL_STATE_HERE.get();
            long r = (long) Holder.SYSCALL.invokeExact(errno, Holder.numbers()[1], waiters, (long) memory.length,
                    0L, deadline, (long) CLOCK_MONOTONIC, 0L);
            if (r < 0 && errno(errno) == ENOSYS) {
                return false;
            }
            expect(r, errno, "futex_waitv", EAGAIN, EINTR, ETIMEDOUT);
            return true;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("futex_waitv failed", t);
        }
    }

    /** Wakes at most {@code count} waiters of the int at {@code offset}. */
    static void wake(MemorySegment memory, long offset, int count) {
        if (Platform.PORTABLE) {
            PolledWait.ring(); // waiters look again by themselves; this makes them look now
            return;
        }
        try {
            MemorySegment errno = Holder.CALL_STATE_HERE.get();
            long r = (long) Holder.SYSCALL.invokeExact(errno, Holder.numbers()[0], word(memory, offset),
                    FUTEX_WAKE, (long) count, MemorySegment.NULL, 0L, 0L);
            expect(r, errno, "futex wake");
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    /** A return of -1 is a failure unless its errno is one of {@code normal}. */
    private static void expect(long r, MemorySegment errno, String what, int... normal) {
        if (r >= 0) {
            return;
        }
        int e = errno(errno);
        for (int n : normal) {
            if (e == n) {
                return;
            }
        }
        throw new IllegalStateException(what + " failed: " + errnoName(e));
    }

    static String errnoName(int errno) {
        return ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
    }

    private static int errno(MemorySegment state) {
        return (int) Holder.ERRNO.get(state, 0L);
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
        if (!Platform.PORTABLE) {
            MethodHandle unused = Holder.SYSCALL;
        }
    }

    private static final class Holder {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        /** Where a call leaves its errno: one per thread, reused, so that a wake allocates nothing. */
        static final ThreadLocal<MemorySegment> CALL_STATE_HERE =
                ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));
        static final MethodHandle SYSCALL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG),
                Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        private static final long[] NUMBERS = syscalls(Platform.arch());

        static long[] numbers() {
            if (NUMBERS == null) {
                Platform.check(); // throws, naming the way out
            }
            return NUMBERS;
        }
    }

    /** futex_waitv's clock, made by its first use only: waitForAny's, never a child's start-up. */
    private static final class WaitvHolder {
        static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }
}
