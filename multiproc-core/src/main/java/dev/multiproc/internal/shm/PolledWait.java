package dev.multiproc.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The portable mode's wait on words of shared memory: a short spin, then sleeps that grow from 50 µs to 1 ms,
 * until a word no longer holds its expected value, the doorbell rings, or the time is up. Nothing wakes it: a
 * change is seen at the next look, so a wake-up costs up to a millisecond of latency once the waiter sleeps, and
 * an idle waiter looks about a thousand times a second. Parking also frees a virtual thread's carrier, which a
 * futex does not. The words are read through their mappings, so a mapping closed meanwhile fails the read
 * instead of crashing.
 *
 * <p>The doorbell: a futex wake wakes its waiters also when the word kept its value (a barrier broken while its
 * generation stays, say). Here every wake adds one to a word all processes of the platform directory share, and
 * every waiter returns when it moved: a spurious wake-up for the others, which the contract allows.
 */
final class PolledWait {
    private static final long SPIN_NANOS = 20_000;
    private static final long FIRST_SLEEP_NANOS = 50_000;
    private static final long LONGEST_SLEEP_NANOS = 1_000_000;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final String DOORBELL = "doorbell";

    private PolledWait() {
    }

    /** Returns once some word {@code offsets[i]} of {@code memory[i]} no longer holds {@code expected[i]}, or after {@code nanos}. */
    static void await(MemorySegment[] memory, long[] offsets, int[] expected, long nanos) {
        long start = System.nanoTime();
        long sleep = FIRST_SLEEP_NANOS;
        int rings = (int) INT.getVolatile(Doorbell.WORD, 0L);
        while (unchanged(memory, offsets, expected) && (int) INT.getVolatile(Doorbell.WORD, 0L) == rings) {
            long waited = System.nanoTime() - start;
            if (waited >= nanos || Thread.currentThread().isInterrupted()) {
                return;
            }
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(Math.min(sleep, nanos - waited));
                sleep = Math.min(sleep * 2, LONGEST_SLEEP_NANOS);
            }
        }
    }

    /** Rings the doorbell: every waiter looks again now. */
    static void ring() {
        INT.getAndAdd(Doorbell.WORD, 0L, 1);
    }

    private static boolean unchanged(MemorySegment[] memory, long[] offsets, int[] expected) {
        for (int i = 0; i < memory.length; i++) {
            if ((int) INT.getVolatile(memory[i], offsets[i]) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The doorbell's word, in a file of the platform directory mapped once per process. */
    private static final class Doorbell {
        static final MemorySegment WORD = map();

        private static MemorySegment map() {
            java.nio.file.Path file = Platform.DIR.resolve(DOORBELL);
            try {
                return FileCalls.uninterrupted(() -> {
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                            java.nio.file.StandardOpenOption.WRITE)) {
                        if (ch.size() < 64) {
                            ch.write(java.nio.ByteBuffer.allocate(64), 0); // zeros; two processes doing it at once agree
                        }
                        return ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 64,
                                java.lang.foreign.Arena.global());
                    }
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot map the doorbell " + file, e);
            }
        }
    }
}
