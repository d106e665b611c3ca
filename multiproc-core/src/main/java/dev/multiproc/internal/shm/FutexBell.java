package dev.multiproc.internal.shm;

import dev.multiproc.internal.engine.Bell;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The bell of one {@code waitForAny} round. With no shared-memory word to watch it parks the waiting thread;
 * with some it sleeps in one futex_waitv over those words and a word of its own, which {@link #ring()}
 * changes and wakes (in the portable mode, polls them all).
 */
/*
 * Implementation notes.
 *
 * ring() may come from any thread at any time, also after the round ended (a worker's exit callback): the
 * bell's own word lives in memory that close() frees, so ring() and close() are serialized and a ring after
 * close does nothing. Without futex_waitv (Linux before 5.16) the waiter sleeps 1 ms at a time.
 */
public final class FutexBell implements Bell {
    private static final int MAX_WORDS = 127; // futex_waitv takes 128 words at most, one is the bell's own

    private final Thread waiter = Thread.currentThread();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment own = arena.allocate(4, 4);
    private MemorySegment[] memory = new MemorySegment[4];
    private long[] offsets = new long[4];
    private int[] expected = new int[4];
    private int words;
    private volatile boolean rung;
    private boolean closed; // guarded by this

    @Override
    public void ring() {
        synchronized (this) {
            if (closed) {
                return;
            }
            rung = true;
            own.set(ValueLayout.JAVA_INT, 0, 1);
            if (words > 0) {
                Futex.wake(own, 0, 1);
            }
        }
        LockSupport.unpark(waiter);
    }

    @Override
    public void watchWord(MemorySegment memory, long offset, int value) {
        if (words == MAX_WORDS) {
            return; // beyond what one wait takes: found by the next round's check instead
        }
        if (words == offsets.length) {
            this.memory = Arrays.copyOf(this.memory, words * 2);
            offsets = Arrays.copyOf(offsets, words * 2);
            expected = Arrays.copyOf(expected, words * 2);
        }
        this.memory[words] = memory;
        offsets[words] = offset;
        expected[words] = value;
        words++;
    }

    @Override
    public void await(long nanos) throws InterruptedException {
        if (words == 0) {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; !rung && left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return;
        }
        MemorySegment[] in = Arrays.copyOf(memory, words + 1);
        long[] at = Arrays.copyOf(offsets, words + 1);
        int[] values = Arrays.copyOf(expected, words + 1);
        in[words] = own;
        values[words] = 0;
        if (!rung && !Futex.awaitAny(in, at, values, nanos)) {
            Thread.sleep(1); // no futex_waitv in this kernel
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        arena.close();
    }
}
