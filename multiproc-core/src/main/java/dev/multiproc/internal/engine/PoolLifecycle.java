package dev.multiproc.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A pool's life, as {@code ExecutorService} defines it:
 * <pre>
 *   RUNNING --shutdown()--> SHUTDOWN (queued work finishes) --work done, no worker left--> terminated
 *      |                        |
 *      +----shutdownNow()-------+--> STOP (work discarded) --no worker left--> terminated
 * </pre>
 * Actions registered for termination run before the threads waiting for it are released.
 */
final class PoolLifecycle {
    private enum State { RUNNING, SHUTDOWN, STOP }

    private final BooleanSupplier workDone;
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final List<Runnable> onTermination = new ArrayList<>();
    private boolean terminating; // guarded by onTermination
    private volatile State state = State.RUNNING;

    /** @param workDone whether every task submitted so far has completed */
    PoolLifecycle(BooleanSupplier workDone) {
        this.workDone = workDone;
    }

    boolean isRunning() {
        return state == State.RUNNING;
    }

    boolean isStopped() {
        return state == State.STOP;
    }

    /** RUNNING → SHUTDOWN; later calls change nothing. */
    synchronized void shutdown() {
        if (state == State.RUNNING) {
            state = State.SHUTDOWN;
        }
    }

    /** Any state → STOP. */
    synchronized void stop() {
        state = State.STOP;
    }

    void workerStarted() {
        liveWorkers.incrementAndGet();
    }

    void workerEnded() {
        liveWorkers.decrementAndGet();
        checkTerminated();
    }

    /** Whether an ended worker must be replaced: the pool is not stopped, and work may still come or waits. */
    boolean needsWorkers() {
        return state != State.STOP && !workDone.getAsBoolean();
    }

    /** Terminates the pool if it is shut down or stopped, no worker is left and (unless stopped) its work is done. */
    void checkTerminated() {
        State s = state;
        if (s == State.RUNNING || liveWorkers.get() > 0 || (s == State.SHUTDOWN && !workDone.getAsBoolean())) {
            return;
        }
        List<Runnable> actions;
        synchronized (onTermination) {
            if (terminating) {
                return;
            }
            terminating = true;
            actions = List.copyOf(onTermination);
            onTermination.clear();
        }
        actions.forEach(Runnable::run); // first: what awaitTermination promises includes them
        terminated.countDown();
    }

    /** Runs {@code action} when the pool terminates (at once if it has). */
    void onTermination(Runnable action) {
        synchronized (onTermination) {
            if (!terminating) {
                onTermination.add(action);
                return;
            }
        }
        action.run();
    }

    boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }
}
