package dev.multiproc.internal;

import dev.multiproc.Context;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every engine's context shares: the set of live workers, the keep-alive for non-daemon
 * workers, and the closed flag.
 */
public abstract class ContextBase implements Context {
    protected static final KeepAlive KEEP_ALIVE = new KeepAlive();

    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Creates the engine's worker, not started. */
    protected abstract WorkerBase newWorker(String name, SerializableRunnable target, Tracker tracker);

    /** Frees what the engine holds after its workers were stopped. */
    protected abstract void release();

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

    protected final boolean isClosed() {
        return closed;
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
        stopAll(new ArrayList<>(live));
        release();
    }

    /** Stops workers that still run at close; the engine knows how. */
    protected abstract void stopAll(List<Worker> workers);

    /** A worker's link to its context: registers it while it runs and holds the JVM open if needed. */
    public final class Tracker {
        private boolean keepsAlive;

        /** Called when the worker starts. */
        public void started(Worker worker) {
            live.add(worker);
            if (!worker.isDaemon() && worker instanceof WorkerBase w && w.usesKeepAlive()) {
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
