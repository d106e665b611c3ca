package dev.multiproc.internal.process;

import dev.multiproc.WorkerDiedException;
import dev.multiproc.WorkerException;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.PoolTask;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One worker of a {@link ProcessPool}: a child JVM, the tasks it holds (in the order it runs them), and a
 * platform thread that connects to it and then reads its replies, unless a caller waiting for one of its
 * tasks reads them first ({@link #help}, {@link ReplyReader}).
 *
 * <p>Tasks are sent in batches by whoever finds the worker able to take more (a submitting caller, or
 * the reader after replies). The child runs them one at a time in order, so the first task held is the one
 * running: when the JVM dies, that task fails with {@link WorkerDiedException} and the others go back to
 * the pool's backlog, untouched. A task past its deadline, or cancelled with interruption while it runs, is
 * interrupted in the child; if it is still running after the pool's grace period, the JVM is killed, with the
 * same consequences (at once with no grace period).
 */
/*
 * Implementation notes.
 *
 * Locks: the read lock (ReplyReader: whoever holds it reads and handles replies) is taken before sendLock
 * (a reply may complete a task, which may drain the pool and stop idle workers); sendLock (frames leave in
 * the order tasks were taken, and the map function sent last is known) is taken before this; nothing takes
 * sendLock while holding this, and nobody calls into a slot while holding the backlog's lock.
 *
 * Running or not: the child reads only between tasks (see PoolChild), so the first task held is the one
 * that runs, except in a race: a task cancelled with interruption while second, whose child started it
 * before the cancellation arrived. It is killed if still first SKIP_GRACE_MILLIS after becoming so.
 *
 * Dying idle: a worker that dies while it holds no task but is sent one in the microseconds before its
 * reader sees end-of-stream would have that task failed instead of given back. Nothing tells the parent
 * when the child starts a task, by design: saying so would cost a write per task.
 */
final class PoolSlot {
    private static final byte[] NONE = new byte[0];
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);
    private static final long SKIP_GRACE_MILLIS = 200;

    private final ProcessPool pool;
    private final ChildJvm child;
    private final String name;
    private final int index;
    private final Object sendLock = new Object();

    // guarded by this
    private final ArrayDeque<PoolTask<?>> inFlight = new ArrayDeque<>();
    private long headSince;
    private int dispatched;
    private boolean ready;
    private boolean stopping;
    private boolean dead;
    private boolean retiring;
    /** Cancelled with interruption while held but not first: to be stopped if the child starts them anyway. */
    private final Set<PoolTask<?>> interruptIfStarted = new HashSet<>();

    // guarded by sendLock
    private ControlLink link;
    private long lastFunction;

    // guarded by the read lock of replies: whoever reads the link handles the frames (ReplyReader)
    private boolean retired;

    /** Set once the worker has connected. */
    private volatile ReplyReader replies;
    /** The reader thread's context class loader: replies decode with it whichever thread reads them. */
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();

    PoolSlot(ProcessPool pool, ChildJvm child, String name, int index) {
        this.pool = pool;
        this.child = child;
        this.name = name;
        this.index = index;
    }

    /** Its place among the pool's workers: {@code WorkerInfo.index()} in the child. */
    int index() {
        return index;
    }

    void start() {
        Thread.ofPlatform().daemon().name(name).start(this::serve);
    }

    long pid() {
        return child.process().pid();
    }

    // ---- the reader ---------------------------------------------------------------------------

    private void serve() {
        ControlLink l;
        try {
            l = child.awaitLink();
        } catch (IOException | InterruptedException e) {
            int code = awaitExit();
            pool.bootFailed(this, new WorkerDiedException(pid(), code, "worker JVM (pid " + pid()
                    + ") ended before it connected: " + ChildExit.describe(code) + " (see its stderr)"));
            return;
        }
        ChildExit exit = new ChildExit();
        ReplyReader r = null;
        try (l) {
            l.watchable();
            r = new ReplyReader(l, f -> {
                if (!exit.record(f)) {
                    handle(f);
                }
            }, loader, ProcessPool.HELP_NANOS);
            synchronized (sendLock) {
                link = l;
                l.send(new Frame.PoolStart(name, index, pool.initializer()));
            }
            synchronized (this) {
                ready = true;
            }
            replies = r;
            afterReplies();
            while (r.readAvailable()) {
                afterReplies(); // a burst of replies is handled whole before refilling
                r.awaitInput();
            }
        } catch (IOException e) {
            exit.linkError = e; // a broken link or a corrupt frame: the JVM is killed below if it lives
        } finally {
            if (r != null) {
                r.finish(); // before the link closes; and what callers recorded in exit is visible from here
            }
        }
        synchronized (this) {
            dead = true; // first, so that no task is handed to a JVM that is gone
        }
        ended(exit.exitCode(awaitExit()));
    }

    /**
     * For a thread about to wait for {@code task}, if this worker holds it: reads the replies in that thread
     * for at most {@code maxNanos} or until the task is done, then refills this worker as the reader thread
     * would have done. No effect before the worker has connected.
     */
    void help(PoolTask<?> task, long maxNanos) {
        ReplyReader r = replies;
        if (r != null && r.help(task, System.nanoTime() + maxNanos)) {
            afterReplies();
        }
    }

    synchronized boolean holds(PoolTask<?> task) {
        return inFlight.contains(task);
    }

    private void handle(Frame f) throws IOException {
        // instanceof, not a pattern switch: see ControlLink.kind
        if (f instanceof Frame.Done(long id, List<byte[]> values)) {
            deliver(completed(id), values);
        } else if (f instanceof Frame.Failed(long id, Frame.ExceptionFrame e)) {
            completed(id).fail(ControlLink.rebuild(e));
        } else if (f instanceof Frame.Skipped(long id)) {
            skipped(id);
        } else if (f instanceof Frame.Retire) {
            retired = true;
        } else {
            throw new IOException("unexpected frame from a pool worker: " + f.getClass().getSimpleName());
        }
    }

    /** The reply for {@code id} came: it must be for the first task held. */
    private PoolTask<?> completed(long id) throws IOException {
        synchronized (this) {
            PoolTask<?> head = inFlight.peek();
            if (head == null || head.id() != id) {
                throw new IOException("reply for task " + id + ", expected " + (head == null ? "none" : head.id()));
            }
            inFlight.poll();
            long now = System.nanoTime();
            pool.tookNanos(now - headSince);
            headSince = now;
            interruptIfStarted.remove(head);
            PoolTask<?> next = inFlight.peek();
            if (next != null && interruptIfStarted.contains(next)) {
                killIfStillFirst(next);
            }
            return head;
        }
    }

    /** A task the child did not run; after {@code shutdownNow()} it may be one this slot gave back already. */
    private void skipped(long id) throws IOException {
        synchronized (this) {
            PoolTask<?> head = inFlight.peek();
            if (stopping && (head == null || head.id() != id)) {
                return;
            }
        }
        completed(id);
    }

    @SuppressWarnings("unchecked")
    private void deliver(PoolTask<?> task, List<byte[]> values) {
        Object value;
        try {
            if (pool.wire(task) instanceof ProcessPool.Chunk) {
                List<Object> results = new ArrayList<>(values.size());
                for (byte[] v : values) {
                    results.add(MessageCodec.INSTANCE.decode(v));
                }
                value = results;
            } else {
                value = MessageCodec.INSTANCE.decode(values.getFirst());
            }
        } catch (RuntimeException e) { // a result this JVM cannot read, e.g. its class is missing here
            task.fail(WorkerException.of(e));
            return;
        }
        ((PoolTask<Object>) task).succeed(value);
    }

    private void afterReplies() {
        boolean idle;
        synchronized (this) {
            idle = inFlight.isEmpty();
        }
        if (idle && (retiringNow() || pool.isDrained())) {
            stopIfIdle();
        } else {
            fill();
        }
    }

    private synchronized boolean retiringNow() {
        return retiring;
    }

    private int awaitExit() {
        return child.awaitExit(EXIT_GRACE);
    }

    /** The JVM ended: fail the task it was running, give back the others, let the pool replace it. */
    private void ended(int exitCode) {
        List<PoolTask<?>> held;
        synchronized (this) {
            held = new ArrayList<>(inFlight);
            inFlight.clear();
        }
        if (!held.isEmpty() && !retired) {
            held.removeFirst().fail(new WorkerDiedException(pid(), exitCode, "worker JVM (pid "
                    + pid() + ") ended while running this task: " + ChildExit.describe(exitCode)));
        }
        held.removeIf(Future::isDone);
        synchronized (this) {
            interruptIfStarted.clear();
        }
        boolean died;
        synchronized (this) {
            died = !stopping && !retiring && !retired; // not told to go, not recycled: it died
        }
        pool.giveBack(held);
        pool.ended(this, died, exitCode);
    }

    // ---- sending ------------------------------------------------------------------------------

    /** Sends this worker as many waiting tasks as it may hold (its window, and its fair share). */
    void fill() {
        synchronized (sendLock) {
            List<PoolTask<?>> batch;
            boolean retire = false;
            synchronized (this) {
                if (!ready || stopping || dead || retiring) {
                    return;
                }
                int max = pool.options().maxTasksPerWorker();
                int room = pool.window() - inFlight.size();
                batch = pool.nextTasks(max == 0 ? room : Math.min(room, max - dispatched), pool.accepting());
                if (inFlight.isEmpty() && !batch.isEmpty()) {
                    headSince = System.nanoTime();
                }
                inFlight.addAll(batch);
                dispatched += batch.size();
                if (max > 0 && dispatched >= max) {
                    retiring = true;
                    retire = true;
                }
            }
            if (retire) {
                pool.retiring(this); // its replacement boots while this one finishes its last tasks
            }
            if (!batch.isEmpty()) {
                sendQuietly(frames(batch));
            }
        }
    }

    private List<Frame> frames(List<PoolTask<?>> batch) {
        List<Frame> frames = new ArrayList<>(batch.size());
        for (PoolTask<?> t : batch) {
            ProcessPool.Wire wire = pool.wire(t);
            // instanceof, not a pattern switch: see ControlLink.kind
            if (wire instanceof ProcessPool.Chunk(ProcessPool.Function fn, List<byte[]> items)) {
                byte[] bytes = fn.id() == lastFunction ? NONE : fn.bytes(); // the child keeps the last function
                lastFunction = fn.id();
                frames.add(new Frame.Apply(t.id(), fn.id(), bytes, items));
            } else if (wire instanceof ProcessPool.Call(byte[] task)) {
                frames.add(new Frame.Call(t.id(), task));
            }
        }
        return frames;
    }

    private void sendQuietly(List<Frame> frames) {
        try {
            link.send(frames);
        } catch (IOException e) {
            // the JVM is gone: the reader sees it and gives the tasks back
        }
    }

    /** Tells an idle worker to exit (the pool is drained, or the worker was recycled). */
    void stopIfIdle() {
        synchronized (sendLock) {
            synchronized (this) {
                if (!ready || stopping || dead || !inFlight.isEmpty()) {
                    return;
                }
                stopping = true;
            }
            sendQuietly(List.of(new Frame.Stop()));
        }
    }

    // ---- stopping tasks -----------------------------------------------------------------------

    /**
     * {@code shutdownNow()}: returns the tasks the worker held but had not started. Without a grace period the
     * JVM is killed at once; with one, the child skips those tasks, interrupts the running one and exits when it
     * ends, and is killed if it still runs after the grace period.
     */
    List<PoolTask<?>> stopNow() {
        boolean graceful;
        List<PoolTask<?>> held;
        synchronized (this) {
            stopping = true;
            held = new ArrayList<>(inFlight);
            inFlight.clear();
            graceful = ready && !pool.options().gracePeriod().isZero(); // not connected: nothing started
            if (graceful && !held.isEmpty()) {
                inFlight.add(held.getFirst()); // its reply is still to come
            }
        }
        Duration grace = pool.options().gracePeriod();
        if (!graceful) {
            child.process().destroyForcibly();
        } else {
            List<Frame> frames = new ArrayList<>();
            for (PoolTask<?> t : held) {
                frames.add(new Frame.Cancel(t.id(), t == held.getFirst()));
            }
            frames.add(new Frame.Stop());
            synchronized (sendLock) {
                sendQuietly(frames);
            }
            killAfter(grace.toMillis(), () -> !dead);
        }
        if (!held.isEmpty()) {
            held.removeFirst().cancel(false); // it was running
        }
        held.removeIf(Future::isDone);
        return held;
    }

    void cancelled(PoolTask<?> task, boolean interrupt) {
        boolean running;
        synchronized (this) {
            if (dead || !inFlight.contains(task)) {
                return;
            }
            running = inFlight.peek() == task;
            if (interrupt && !running) {
                interruptIfStarted.add(task);
            }
        }
        if (running && interrupt) {
            stopRunning(task);
            return;
        }
        synchronized (sendLock) {
            sendQuietly(List.of(new Frame.Cancel(task.id(), interrupt))); // the child skips it if not started
        }
    }

    /**
     * Stops the task the child runs: without a grace period the JVM is killed (the reader gives back the tasks
     * behind it); with one, the child interrupts the task, and the JVM is killed if the task is still held when
     * the grace period is over.
     */
    private void stopRunning(PoolTask<?> task) {
        Duration grace = pool.options().gracePeriod();
        boolean connected;
        synchronized (this) {
            connected = ready;
        }
        if (grace.isZero() || !connected) {
            child.process().destroyForcibly();
            return;
        }
        synchronized (sendLock) {
            sendQuietly(List.of(new Frame.Cancel(task.id(), true)));
        }
        killAfter(grace.toMillis(), () -> inFlight.peek() == task);
    }

    /**
     * A task cancelled with interruption has become the first held: the child skips it (its Skipped reply
     * follows at once) unless it had started it before the cancellation arrived, in which case it interrupts
     * it. If it is still first a moment (and the grace period) later, it runs: kill the JVM.
     */
    private void killIfStillFirst(PoolTask<?> task) {
        killAfter(SKIP_GRACE_MILLIS + pool.options().gracePeriod().toMillis(), () -> inFlight.peek() == task);
    }

    /** Kills the JVM after {@code millis} if it is alive and {@code still} holds then (checked under this). */
    private void killAfter(long millis, java.util.function.BooleanSupplier still) {
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                if (dead || !still.getAsBoolean()) {
                    return;
                }
            }
            child.process().destroyForcibly();
        });
    }

    void checkDeadline(long now) {
        PoolTask<?> head;
        synchronized (this) {
            head = inFlight.peek();
            if (head == null || dead || head.isDone() || !pool.overdue(head, headSince, now)) {
                return; // a task that is done already was stopped already: it waits for its grace period
            }
        }
        Duration grace = pool.options().gracePeriod();
        head.fail(pool.timedOut(head, grace.isZero() ? "its worker JVM (pid " + pid() + ") was killed"
                : "it was interrupted in its worker JVM (pid " + pid() + "), which is killed unless the task ends within "
                + grace.toMillis() + " ms"));
        stopRunning(head);
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
