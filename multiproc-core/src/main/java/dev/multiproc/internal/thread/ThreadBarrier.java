package dev.multiproc.internal.thread;

import dev.multiproc.Barrier;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's {@code Barrier} in one JVM: a {@link CyclicBarrier}, plus Python's {@code abort()}, which keeps
 * the barrier broken until {@link #reset()} (a {@code CyclicBarrier} reset alone would make it usable).
 */
final class ThreadBarrier implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;

    private final CyclicBarrier barrier;
    private volatile boolean aborted;

    ThreadBarrier(int parties) {
        barrier = new CyclicBarrier(parties);
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        requireNotAborted();
        return barrier.await();
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        requireNotAborted();
        return barrier.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void requireNotAborted() throws BrokenBarrierException {
        if (aborted) {
            throw new BrokenBarrierException();
        }
    }

    @Override
    public void reset() {
        aborted = false;
        barrier.reset();
    }

    @Override
    public void abort() {
        aborted = true;
        barrier.reset(); // breaks the current waiters
    }

    @Override
    public int parties() {
        return barrier.getParties();
    }

    @Override
    public int numberWaiting() {
        return barrier.getNumberWaiting();
    }

    @Override
    public boolean isBroken() {
        return aborted || barrier.isBroken();
    }
}
