package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.CurrentWorker;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.StatelessTasks;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A child JVM serving a pool: runs the pool's initializer, then the tasks it is sent, one at a time and in
 * order on its main thread, replying to each ({@link Frame.Done}, {@link Frame.Failed} or
 * {@link Frame.Skipped}) before it starts the next, until {@link Frame.Stop}. A task's exception is its own
 * failure; the worker goes on.
 *
 * <p>The main thread reads the link itself between tasks: no hand-off between threads on the way from the
 * socket to the task (measured: a second thread that reads while tasks run costs a wake-up per task). While
 * a task runs, a watcher looks at the link every {@link #WATCH_MILLIS} ms once the task has run that long:
 * a {@link Frame.Cancel} with interruption for the running task interrupts it (the parent's grace period, after
 * which it kills the JVM). A parent that dies meanwhile is noticed by the parent watchdog (within a second)
 * instead of by end-of-stream.
 *
 * <p>Whoever reads the link holds {@link #reading}; the main thread also holds it while it changes which task
 * runs, so that the watcher never interrupts a task other than the one the parent cancelled.
 */
final class PoolChild {
    private static final int LOST_PARENT = 70;
    /** How long an idle worker polls for its next task before it blocks; see docs/decisions.md. */
    private static final long IDLE_SPIN_NANOS = 100_000;
    /** How often, and after how long, the watcher looks for cancellations of the running task. */
    static final long WATCH_MILLIS = 50;
    private static final long NOT_RUNNING = Long.MIN_VALUE;

    private final ControlLink link;
    private final Frame.ExceptionFrame initFailure;
    private final ReentrantLock reading = new ReentrantLock();
    private final Thread main = Thread.currentThread();
    // guarded by reading
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final Set<Long> cancelled = new HashSet<>();
    private boolean stop;
    private volatile long running = NOT_RUNNING;
    private volatile long runningSince;

    // the last map function the parent sent
    private byte[] functionBytes;
    private Function<Object, Object> function;

    private PoolChild(ControlLink link, Frame.ExceptionFrame initFailure) {
        this.link = link;
        this.initFailure = initFailure;
    }

    /** Serves the pool until told to stop, then exits the JVM normally. */
    static void serve(ControlLink link, Frame.PoolStart start) {
        Thread.currentThread().setName(start.workerName());
        CurrentWorker.setProcess(start.workerName(), start.index());
        new PoolChild(link, initialize(start.initializer())).work();
        System.exit(0); // not a return: threads a task left running must not hold the worker
    }

    private static Frame.ExceptionFrame initialize(byte[] initializer) {
        if (initializer.length == 0) {
            return null;
        }
        try {
            ((Runnable) Codec.tasks().decode(initializer)).run();
            return null;
        } catch (Throwable t) {
            Frame.ExceptionFrame e = ControlLink.describe(t);
            return new Frame.ExceptionFrame(e.className(), "the pool's initializer failed in this worker: "
                    + e.message(), e.frames(), e.cause());
        }
    }

    private void work() {
        Thread.ofPlatform().daemon().name("multiproc-cancel-watch").start(this::watchForCancels);
        try {
            while (true) {
                Frame next;
                reading.lock();
                try {
                    if (queue.isEmpty()) {
                        if (stop) {
                            return;
                        }
                        spinForInput();
                        accept(link.receive()); // idle: wait for the parent
                        continue;
                    }
                    while (link.hasInput()) { // cancellations sent meanwhile, before the next task starts
                        accept(link.receive());
                    }
                    next = queue.poll();
                    runningSince = System.nanoTime();
                    running = id(next);
                } finally {
                    reading.unlock();
                }
                runOne(next);
            }
        } catch (IOException e) {
            lostLink();
        }
    }

    private static long id(Frame f) {
        return f instanceof Frame.Call c ? c.id() : ((Frame.Apply) f).id();
    }

    /**
     * The watcher: while a task has run for {@link #WATCH_MILLIS} or more, reads what the parent sent and
     * interrupts the task if it was cancelled with interruption. It reads only when the main thread does not.
     */
    private void watchForCancels() {
        while (true) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (running != NOT_RUNNING && System.nanoTime() - runningSince >= WATCH_MILLIS * 1_000_000
                    && reading.tryLock()) {
                try {
                    while (running != NOT_RUNNING && link.hasInput()) {
                        accept(link.receive());
                    }
                } catch (IOException e) {
                    lostLink();
                } finally {
                    reading.unlock();
                }
            }
        }
    }

    /**
     * Polls the link for a while before the worker blocks in a read: in a stream of short tasks the next one
     * is a few microseconds away, and a blocked read costs a wake-up (tens of microseconds on a small VM).
     * Yields between polls, so that a thread or process that needs this CPU gets it.
     */
    private void spinForInput() throws IOException {
        long until = System.nanoTime() + IDLE_SPIN_NANOS;
        while (!link.hasInput() && System.nanoTime() < until) {
            Thread.yield();
        }
    }

    /** The link is gone: the parent died (halt), or a task's System.exit closed it (wait for the end). */
    private static void lostLink() {
        if (!ChildMain.exiting()) {
            Runtime.getRuntime().halt(LOST_PARENT);
        }
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting: the shutdown hooks are running
            }
        }
    }

    private void accept(Frame f) {
        // instanceof, not a pattern switch: see ControlLink.kind
        if (f == null) {
            lostLink(); // end-of-stream: the parent is gone
        } else if (f instanceof Frame.Call || f instanceof Frame.Apply) {
            queue.add(f);
        } else if (f instanceof Frame.Cancel(long id, boolean interrupt)) {
            if (interrupt && id == running) {
                main.interrupt(); // under the lock: the task cannot change meanwhile
            } else {
                cancelled.add(id); // a finished task's id: harmless
            }
        } else if (f instanceof Frame.Stop) {
            stop = true;
        } else {
            Runtime.getRuntime().halt(LOST_PARENT); // not our protocol: nothing sane to do
        }
    }

    private void runOne(Frame f) throws IOException {
        long id = id(f);
        if (f instanceof Frame.Apply a && a.function().length > 0) {
            functionBytes = a.function(); // kept in frame order, even for a task that is skipped
            function = null;
        }
        Frame reply;
        if (skip(id)) {
            reply = new Frame.Skipped(id);
        } else if (initFailure != null) {
            link.send(List.of(new Frame.Failed(id, initFailure), new Frame.Retire()));
            System.exit(1); // the pool replaces this worker
            return;
        } else {
            reply = execute(id, f);
        }
        reading.lock();
        try {
            running = NOT_RUNNING;
            Thread.interrupted(); // an interrupt meant for this task must not reach the next one
        } finally {
            reading.unlock();
        }
        link.send(reply);
    }

    private boolean skip(long id) {
        reading.lock();
        try {
            return cancelled.remove(id);
        } finally {
            reading.unlock();
        }
    }

    private Frame execute(long id, Frame task) {
        try {
            if (task instanceof Frame.Call c) {
                return new Frame.Done(id, List.of(encode(((Callable<?>) StatelessTasks.decode(c.payload())).call())));
            }
            return new Frame.Done(id, apply(((Frame.Apply) task).items()));
        } catch (Throwable t) {
            Thread.interrupted(); // a task's leftover interrupt must not reach the next one
            return new Frame.Failed(id, ControlLink.describe(t));
        }
    }

    @SuppressWarnings("unchecked")
    private List<byte[]> apply(List<byte[]> items) {
        if (function == null) {
            if (functionBytes == null) {
                throw new IllegalStateException("map task without a function");
            }
            function = (Function<Object, Object>) Codec.tasks().decode(functionBytes);
        }
        List<byte[]> results = new ArrayList<>(items.size());
        for (byte[] item : items) {
            results.add(encode(function.apply(MessageCodec.INSTANCE.decode(item))));
        }
        return results;
    }

    private static byte[] encode(Object result) {
        return MessageCodec.INSTANCE.encode(result); // IllegalArgumentException naming the class: the task fails
    }
}
