package dev.multiproc.internal.thread;

import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.PoolBase;

import java.time.Duration;

/** The engine of {@code Context.threads()} and {@code Context.virtualThreads()}: one thread per worker. */
public final class ThreadContext extends ContextBase {
    /** How long {@link #close()} waits for interrupted workers; they may ignore the interrupt. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

    private final boolean virtual;
    private final ThreadPrimitives primitives = new ThreadPrimitives();

    public ThreadContext(boolean virtual) {
        this.virtual = virtual;
    }

    @Override
    protected WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker) {
        return new ThreadWorker(name, target, tracker, virtual, primitives);
    }

    @Override
    protected PoolBase<?, ?> newPool(PoolOptions options) {
        return new ThreadPool(options, virtual, primitives);
    }

    /** Interrupted workers get a second; a kill is only another interrupt, so nothing is waited for after it. */
    @Override
    protected StopPolicy stopPolicy() {
        return new StopPolicy(CLOSE_WAIT, Duration.ZERO);
    }

    @Override
    protected ThreadPrimitives primitives() {
        return primitives;
    }

    @Override
    protected void release() {
        primitives.close();
    }

    @Override
    public String toString() {
        return virtual ? "Context.virtualThreads()" : "Context.threads()";
    }
}
