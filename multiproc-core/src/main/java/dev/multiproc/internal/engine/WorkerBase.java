package dev.multiproc.internal.engine;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every engine's worker shares: the name, the daemon flag, the new → alive → ended state and
 * how it ended. An engine implements {@link #launch()}, {@link #terminate()} and {@link #kill()}, and
 * calls {@link #ended(int, WorkerException)} exactly once.
 */
public abstract class WorkerBase implements Worker {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final String name;
    protected final SerializableRunnable target;
    private final ContextBase.Tracker tracker;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CompletableFuture<Worker> exit = new CompletableFuture<>();
    private volatile boolean daemon;
    private volatile boolean started;
    // written before ended.countDown(), read after it: the latch orders them
    private int exitCode;
    private WorkerException failure;

    /**
     * @param name the worker's name, or {@code null} for {@code Worker-N}
     * @param tracker tells the context when the worker starts and ends
     */
    protected WorkerBase(String name, SerializableRunnable target, ContextBase.Tracker tracker) {
        this.name = name != null ? name : "Worker-" + NAMES.incrementAndGet();
        this.target = target;
        this.tracker = tracker;
    }

    /** Runs the task somewhere; called once by {@link #start()}. */
    protected abstract void launch();

    @Override
    public final synchronized Worker start() {
        Require.state(!started, "worker already started: name=%s", name);
        tracker.started(this); // before launch: the worker may end before launch() returns
        try {
            launch();
        } catch (RuntimeException | Error e) {
            tracker.ended(this);
            throw e;
        }
        started = true;
        return this;
    }

    /** Whether a non-daemon worker of this kind needs the context's keep-alive to hold the JVM open. */
    protected boolean usesKeepAlive() {
        return true;
    }

    /** Records how the worker ended; the first call wins. */
    protected final void ended(int code, WorkerException cause) {
        synchronized (ended) {
            if (ended.getCount() == 0) {
                return;
            }
            exitCode = code;
            failure = cause;
            ended.countDown();
        }
        tracker.ended(this);
        exit.complete(this);
    }

    protected final boolean hasStarted() {
        return started;
    }

    @Override
    public void join() throws InterruptedException {
        Require.state(started, "worker not started: name=%s", name);
        ended.await();
    }

    @Override
    public boolean join(Duration timeout) throws InterruptedException {
        Require.state(started, "worker not started: name=%s", name);
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A copy each time: a caller's {@code complete} on it reaches nobody else. */
    @Override
    public CompletableFuture<Worker> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return started && ended.getCount() > 0;
    }

    @Override
    public OptionalInt exitCode() {
        return ended.getCount() == 0 ? OptionalInt.of(exitCode) : OptionalInt.empty();
    }

    @Override
    public Optional<WorkerException> failure() {
        return ended.getCount() == 0 ? Optional.ofNullable(failure) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public synchronized Worker daemon(boolean daemon) {
        Require.state(!started, "daemon flag must be set before start: name=%s", name);
        this.daemon = daemon;
        return this;
    }

    @Override
    public String toString() {
        OptionalInt code = exitCode();
        String state = !started ? "new" : code.isPresent() ? "ended, exitCode=" + code.getAsInt() : "alive";
        return getClass().getSimpleName() + "[name=" + name + ", " + state + "]";
    }
}
