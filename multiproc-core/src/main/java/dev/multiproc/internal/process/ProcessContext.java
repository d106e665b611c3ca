package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.PoolOptions;
import dev.multiproc.ProcessOptions;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;
import dev.multiproc.internal.engine.ContextBase;
import dev.multiproc.internal.engine.WorkerBase;
import dev.multiproc.internal.engine.PoolBase;
import dev.multiproc.internal.shm.ShmPrimitives;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The engine of {@code Context.processes(...)}: a child JVM per worker, optional warm spares. */
public final class ProcessContext extends ContextBase {
    /** How long {@link #close()} lets terminated children end before it kills them. */
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(2);

    private final ProcessOptions options;
    private final LinkServer server;
    private final Path argFile;
    private final ChildSource children;
    private final ShmPrimitives primitives = new ShmPrimitives();

    public ProcessContext(ProcessOptions options) {
        this.options = options;
        LinkServer.sweepStale();
        ShmPrimitives.sweepStale();
        try {
            this.server = new LinkServer();
            this.argFile = Jvm.writePathsFile(server.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the control link", e);
        }
        this.children = new ChildSource(options, server, argFile);
    }

    @Override
    protected WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker) {
        return new ProcessWorker(name, target, tracker, this);
    }

    /** A child for a new worker: a warm spare if one is there, else a freshly launched JVM. */
    ChildJvm takeChild() {
        requireOpen();
        return children.take();
    }

    /** A source of children with other options than the context's, for a pool; the caller closes it. */
    ChildSource childSource(ProcessOptions other) {
        requireOpen();
        return new ChildSource(other, server, argFile);
    }

    @Override
    protected PoolBase<?, ?> newPool(PoolOptions poolOptions) {
        return new ProcessPool(this, poolOptions);
    }

    @Override
    protected void stopAll(List<Worker> workers) {
        children.close();
        workers.forEach(Worker::terminate);
        long deadline = System.nanoTime() + TERMINATE_GRACE.toNanos();
        boolean interrupted = false;
        for (Worker w : workers) {
            try {
                if (!w.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    w.kill();
                    w.join(Duration.ofSeconds(5)); // SIGKILL cannot be ignored; the bound is a safety net
                }
            } catch (InterruptedException e) {
                interrupted = true;
                w.kill();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
