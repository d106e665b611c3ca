package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.PoolOptions;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.PoolBase;
import dev.multiproc.internal.shm.Platform;
import dev.multiproc.internal.shm.ShmPrimitives;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The engine of {@code Context.processes(...)}: a child JVM per worker, optional warm spares. */
public final class ProcessContext extends ContextBase {
    /** How long {@link #close()} lets terminated children end before it kills them. */
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(2);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /** Whether a new context launches a child at once for its first worker (see {@link WarmSpares}). */
    private static final boolean CHILD_AHEAD = Boolean.parseBoolean(System.getProperty("multiproc.childAhead", "true"));

    private final ProcessOptions options;
    private final LinkServer server;
    private final Path argFile;
    private final AtomicLong jvmNumbers = new AtomicLong(); // {n} in JVM arguments
    private final ChildSource children;
    private final ShmPrimitives primitives;

    public ProcessContext(ProcessOptions options) {
        Platform.check(); // a platform layer that cannot work fails here, not as a spinning wait later
        this.options = options;
        try {
            this.server = new LinkServer();
            this.argFile = Jvm.writePathsFile(server.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the control link", e);
        }
        // The child ahead boots while the rest is set up: it needs only the link and the class path.
        this.children = new ChildSource(options, server, argFile, jvmNumbers::incrementAndGet, CHILD_AHEAD);
        this.primitives = new ShmPrimitives();
        LinkServer.sweepStale();
        ShmPrimitives.sweepStale();
    }

    @Override
    protected WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker) {
        return new ProcessWorker(name, target, tracker, this);
    }

    /**
     * A child for a new worker: a warm spare if one is there, else a freshly launched JVM.
     *
     * @param worker the worker's name
     */
    ChildJvm takeChild(String worker) {
        requireOpen();
        return children.take(worker);
    }

    /** A source of children with other options than the context's, for a pool; the caller closes it. */
    ChildSource childSource(ProcessOptions other) {
        requireOpen();
        return new ChildSource(other, server, argFile, jvmNumbers::incrementAndGet, false); // a pool launches its workers at once
    }

    @Override
    protected PoolBase<?, ?> newPool(PoolOptions poolOptions) {
        return new ProcessPool(this, poolOptions);
    }

    /** No more spares: the children that are left are workers. */
    @Override
    protected void beforeStop() {
        children.close();
    }

    /** SIGTERM, 2 s, SIGKILL; SIGKILL cannot be ignored, and the 5 s after it are a safety net. */
    @Override
    protected StopPolicy stopPolicy() {
        return new StopPolicy(TERMINATE_GRACE, KILL_WAIT);
    }

    @Override
    protected ShmPrimitives primitives() {
        return primitives;
    }

    @Override
    protected void release() {
        primitives.close();
        server.close();
    }

    @Override
    public String toString() {
        return "Context.processes(" + options + ")";
    }
}
