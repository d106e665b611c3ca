package dev.multiproc.internal.engine;

import dev.multiproc.Barrier;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier whose {@link #await()} waits at most a default timeout, on any engine's barrier: when the time
 * is up the barrier breaks and {@code await()} throws {@link BrokenBarrierException}, as Python's
 * {@code wait()} raises {@code BrokenBarrierError}. Everything else is the wrapped barrier's.
 *
 * @param barrier the engine's barrier
 * @param defaultTimeout the longest wait of {@code await()}
 */
record DefaultTimeoutBarrier(Barrier barrier, Duration defaultTimeout) implements Barrier {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return barrier.await(defaultTimeout);
        } catch (TimeoutException e) {
            BrokenBarrierException broken = new BrokenBarrierException(
                    "the barrier broke: its default timeout of " + defaultTimeout + " elapsed");
            broken.initCause(e);
            throw broken;
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return barrier.await(timeout);
    }

    @Override
    public void reset() {
        barrier.reset();
    }

    @Override
    public void abort() {
        barrier.abort();
    }

    @Override
    public int parties() {
        return barrier.parties();
    }

    @Override
    public int numberWaiting() {
        return barrier.numberWaiting();
    }

    @Override
    public boolean isBroken() {
        return barrier.isBroken();
    }
}
