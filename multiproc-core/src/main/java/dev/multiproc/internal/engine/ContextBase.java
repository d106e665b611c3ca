package dev.multiproc.internal.engine;

import dev.multiproc.Barrier;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.JoinableQueue;
import dev.multiproc.Lock;
import dev.multiproc.Pipe;
import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import dev.multiproc.Queue;
import dev.multiproc.RLock;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedDouble;
import dev.multiproc.SharedDoubleArray;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.SharedMemory;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every engine's context shares: the set of live workers, the keep-alive for non-daemon
 * workers, and the closed flag.
 */
public abstract class ContextBase implements Context {
    protected static final KeepAlive KEEP_ALIVE = new KeepAlive();

    /** How long {@link #close()} waits for each stopped pool's workers to end. */
    private static final long POOL_STOP_SECONDS = 10;

    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final Set<PoolBase<?, ?>> pools = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Creates the engine's worker, not started. */
    protected abstract WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker);

    /** Frees what the engine holds after its workers were stopped. */
    protected abstract void release();

    /** Creates and starts the engine's pool. */
    protected abstract PoolBase<?, ?> newPool(PoolOptions options);

    @Override
    public final Pool pool(PoolOptions options) {
        Objects.requireNonNull(options, "options");
        requireOpen();
        PoolBase<?, ?> pool = newPool(options);
        pools.add(pool);
        pool.onTermination(() -> pools.remove(pool));
        return pool;
    }

    /** The engine's synchronization primitives and shared values. */
    protected abstract Primitives primitives();

    @Override
    public final Lock lock() {
        requireOpen();
        return primitives().lock();
    }

    @Override
    public final RLock rlock() {
        requireOpen();
        return primitives().rlock();
    }

    @Override
    public final Semaphore semaphore(int permits) {
        Require.argument(permits >= 0, "permits must be >= 0: permits=%s", permits);
        requireOpen();
        return primitives().semaphore(permits, false);
    }

    @Override
    public final Semaphore boundedSemaphore(int permits) {
        Require.argument(permits >= 0, "permits must be >= 0: permits=%s", permits);
        requireOpen();
        return primitives().semaphore(permits, true);
    }

    @Override
    public final Event event() {
        requireOpen();
        return primitives().event();
    }

    @Override
    public final Barrier barrier(int parties) {
        return newBarrier(parties, null);
    }

    @Override
    public final Barrier barrier(int parties, SerializableRunnable action) {
        Objects.requireNonNull(action, "action");
        return newBarrier(parties, action);
    }

    @Override
    public final Barrier barrier(int parties, SerializableRunnable action, Duration defaultTimeout) {
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        Require.argument(defaultTimeout.isPositive(), "defaultTimeout must be positive: %s", defaultTimeout);
        return new DefaultTimeoutBarrier(newBarrier(parties, action), defaultTimeout);
    }

    private Barrier newBarrier(int parties, SerializableRunnable action) {
        Require.argument(parties >= 1, "parties must be >= 1: parties=%s", parties);
        requireOpen();
        return primitives().barrier(parties, action);
    }

    @Override
    public final Pipe pipe(boolean duplex) {
        requireOpen();
        return primitives().pipe(duplex);
    }

    @Override
    public final <T> Queue<T> queue() {
        requireOpen();
        return primitives().queue(Integer.MAX_VALUE);
    }

    @Override
    public final <T> Queue<T> queue(int capacity) {
        Require.argument(capacity >= 1, "capacity must be >= 1: capacity=%s", capacity);
        requireOpen();
        return primitives().queue(capacity);
    }

    @Override
    public final <T> JoinableQueue<T> joinableQueue() {
        requireOpen();
        return primitives().joinableQueue();
    }

    @Override
    public final SharedLong sharedLong(long initial) {
        requireOpen();
        return primitives().sharedLong(initial);
    }

    @Override
    public final SharedDouble sharedDouble(double initial) {
        requireOpen();
        return primitives().sharedDouble(initial);
    }

    @Override
    public final SharedLongArray sharedLongArray(int length) {
        Require.argument(length >= 0, "length must be >= 0: length=%s", length);
        requireOpen();
        return primitives().sharedLongArray(length);
    }

    @Override
    public final SharedDoubleArray sharedDoubleArray(int length) {
        Require.argument(length >= 0, "length must be >= 0: length=%s", length);
        requireOpen();
        return primitives().sharedDoubleArray(length);
    }

    @Override
    public final SharedMemory sharedMemory(long bytes) {
        Require.argument(bytes >= 1, "bytes must be >= 1: bytes=%s", bytes);
        requireOpen();
        return primitives().sharedMemory(bytes);
    }

    @Override
    public final Worker worker(SerializableRunnable target) {
        return worker(null, target);
    }

    @Override
    public final Worker worker(String name, SerializableRunnable target) {
        Objects.requireNonNull(target, "target");
        requireOpen();
        return newWorker(name, target, new Tracker());
    }

    protected final void requireOpen() {
        Require.state(!closed, "context is closed");
    }

    @Override
    public List<Worker> activeChildren() {
        List<Worker> alive = new ArrayList<>();
        for (Worker w : live) {
            if (w.isAlive()) {
                alive.add(w);
            }
        }
        return alive;
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopPools();
        beforeStop();
        stopWorkers(new ArrayList<>(live));
        release();
    }

    private void stopPools() {
        List<PoolBase<?, ?>> open = new ArrayList<>(pools);
        open.forEach(PoolBase::shutdownNow);
        try {
            for (PoolBase<?, ?> p : open) {
                p.awaitTermination(POOL_STOP_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() does not throw it; the workers were told to stop
        }
    }

    /**
     * How an engine stops the workers that still run at close: {@code terminate()} each, wait until {@code grace}
     * has passed, then {@code kill()} those left and wait at most {@code afterKill} for them.
     *
     * @param grace how long terminated workers may take to end
     * @param afterKill how long to wait for killed ones ({@code ZERO} where a kill is only another request)
     */
    public record StopPolicy(Duration grace, Duration afterKill) {
    }

    /** This engine's way of stopping workers at close. */
    protected abstract StopPolicy stopPolicy();

    /** What the engine does at close before its workers are stopped; nothing by default. */
    protected void beforeStop() {
    }

    /**
     * Stops the workers that still run at close, by the engine's {@link #stopPolicy()}. An interrupt of the
     * closing thread cuts the waits short: the workers left are killed at once, and the interrupt is kept (close
     * does not throw it).
     */
    private void stopWorkers(List<Worker> workers) {
        StopPolicy policy = stopPolicy();
        workers.forEach(Worker::terminate);
        try {
            long deadline = System.nanoTime() + policy.grace().toNanos();
            List<Worker> left = new ArrayList<>();
            for (Worker w : workers) {
                if (!w.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    w.kill();
                    left.add(w);
                }
            }
            long killDeadline = System.nanoTime() + policy.afterKill().toNanos();
            for (Worker w : left) {
                w.join(Duration.ofNanos(Math.max(0, killDeadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            workers.forEach(Worker::kill);
            Thread.currentThread().interrupt();
        }
    }

    /** A worker's link to its context: registers it while it runs and holds the JVM open if needed. */
    public final class Tracker {
        private boolean keepsAlive;

        /** Called when the worker starts. */
        public void started(WorkerBase worker) {
            live.add(worker);
            if (!worker.isDaemon() && worker.usesKeepAlive()) {
                keepsAlive = true;
                KEEP_ALIVE.acquire();
            }
        }

        /** Called once when the worker ends. */
        public void ended(Worker worker) {
            live.remove(worker);
            if (keepsAlive) {
                KEEP_ALIVE.release();
            }
        }
    }
}
