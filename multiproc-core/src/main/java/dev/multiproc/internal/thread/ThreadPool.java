package dev.multiproc.internal.thread;

import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.engine.CurrentWorker;
import dev.multiproc.internal.engine.PoolBase;
import dev.multiproc.internal.engine.PoolTask;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool of the thread engines: each worker is a platform or virtual thread taking tasks from the
 * backlog. A task past its timeout, or cancelled with {@code cancel(true)} while it runs, fails at once and
 * its thread is interrupted and <i>abandoned</i>: a new thread takes its place, and the old one ends when
 * its task returns (a task that ignores interrupts keeps running: threads cannot be stopped by force).
 */
final class ThreadPool extends PoolBase<Void, Void> implements EndHolder {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final boolean virtual;
    private final ThreadPrimitives primitives;
    private final String name = "multiproc-pool-" + POOLS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();

    ThreadPool(PoolOptions options, boolean virtual, ThreadPrimitives primitives) {
        super(options);
        this.virtual = virtual;
        this.primitives = primitives;
        primitives.handOff(options.initializer(), this, false);
        for (int i = 0; i < options.workers(); i++) {
            launch();
        }
        startWatchdog();
    }

    private void launch() {
        Slot slot = new Slot(takeIndex());
        workerStarted();
        slots.add(slot);
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        slot.thread = builder.name(name + "-worker-" + threads.incrementAndGet()).unstarted(slot);
        slot.thread.start();
    }

    /** One worker thread; its fields are guarded by itself. */
    private final class Slot implements Runnable {
        final int index; // Worker.current()'s index: the lowest free when it started
        Thread thread;
        PoolTask<?> current;
        long since;
        boolean abandoned;
        boolean counted = true; // still counted among the live workers
        int done;

        Slot(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            CurrentWorker.setThread(thread.getName(), index);
            EndHolder.runAs(ThreadPool.this, () -> { // its tasks share the pool's hold on pipe ends
                WorkerException initFailure = initialize();
                try {
                    serve(initFailure);
                } finally {
                    leave(false);
                }
            });
        }

        private void serve(WorkerException initFailure) {
            while (true) {
                PoolTask<?> task;
                try {
                    task = awaitTask(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    if (isStopped() || isAbandoned()) {
                        return;
                    }
                    continue; // a stale interrupt meant for a task that has finished
                }
                if (task == null) {
                    return; // drained or stopped
                }
                if (initFailure != null) {
                    task.fail(initializerFailed(initFailure));
                    leave(true);
                    return;
                }
                synchronized (this) {
                    if (abandoned) {
                        giveBack(List.of(task));
                        return;
                    }
                    current = task;
                    since = System.nanoTime();
                }
                task.run();
                synchronized (this) {
                    current = null;
                }
                Thread.interrupted(); // an interrupt aimed at the finished task must not hit the next one
                if (isAbandoned()) {
                    return;
                }
                if (options.maxTasksPerWorker() > 0 && ++done >= options.maxTasksPerWorker()) {
                    leave(true);
                    return;
                }
            }
        }

        private WorkerException initialize() {
            if (options.initializer() == null) {
                return null;
            }
            try {
                options.initializer().run();
                return null;
            } catch (Throwable t) {
                return WorkerException.of(t);
            }
        }

        private synchronized boolean isAbandoned() {
            return abandoned;
        }

        /** Stops the running task's thread from serving: interrupt it, a new thread takes over. */
        void abandon(PoolTask<?> expected) {
            synchronized (this) {
                if (abandoned || !counted || current != expected) {
                    return;
                }
                abandoned = true;
                counted = false; // decided here, so that the thread ending meanwhile cannot skip the replacement
                thread.interrupt();
            }
            replaceAndEnd(true);
        }

        /** Leaves the pool once; with {@code replace}, a new worker first takes this one's place. */
        private void leave(boolean replace) {
            synchronized (this) {
                if (!counted) {
                    return;
                }
                counted = false;
            }
            replaceAndEnd(replace);
        }

        private void replaceAndEnd(boolean replace) {
            slots.remove(this);
            freeIndex(index); // before the replacement: it takes this place
            if (replace && needsWorkers()) {
                launch();
            }
            workerEnded();
        }
    }

    // Tasks run in this JVM and need no wire form; the pool holds the pipe ends they capture from now on.

    @Override
    protected Void wireOfCall(Callable<?> task) {
        primitives.handOff(task, this, false);
        return null;
    }

    @Override
    protected Void wireOfFunction(SerializableFunction<?, ?> fn) {
        primitives.handOff(fn, this, false);
        return null;
    }

    @Override
    protected Void wireOfApply(Void function, List<?> items) {
        primitives.handOff(items, this, false);
        return null;
    }

    /** A pool holds pipe ends until it has terminated, as a pool's worker processes do until they end. */
    @Override
    public boolean alive() {
        return !isTerminated();
    }

    @Override
    protected List<PoolTask<?>> stopWorkers() {
        for (Slot s : slots) {
            PoolTask<?> running;
            synchronized (s) {
                running = s.current;
            }
            if (running != null) {
                running.cancel(false); // first, so that the interrupt cannot complete it another way
            }
            s.thread.interrupt();
        }
        return List.of(); // a thread worker holds no task it has not started
    }

    @Override
    protected void cancelled(PoolTask<?> task, boolean interrupt) {
        if (interrupt) {
            for (Slot s : slots) {
                s.abandon(task);
            }
        }
    }

    @Override
    protected void checkDeadlines(long now) {
        for (Slot s : slots) {
            PoolTask<?> running;
            synchronized (s) {
                running = s.current;
                if (running == null || !overdue(running, s.since, now)) {
                    continue;
                }
            }
            if (running.fail(timedOut(running, "its thread was interrupted"))) {
                s.abandon(running);
            }
        }
    }

    @Override
    public String toString() {
        return "Pool(" + (virtual ? "virtual threads" : "threads") + ", " + options + ")";
    }
}
