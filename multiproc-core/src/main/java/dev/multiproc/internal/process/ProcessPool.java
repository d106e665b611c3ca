package dev.multiproc.internal.process;

import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableFunction;
import dev.multiproc.WorkerDiedException;
import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.StatelessTasks;
import dev.multiproc.internal.engine.PoolBase;
import dev.multiproc.internal.engine.PoolTask;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool of the process engine: each worker is a child JVM that runs tasks until told to stop, fed over
 * its control link by a {@link PoolSlot}.
 *
 * <p>Tasks are serialized in the caller (a task that cannot be fails there); a map function once per
 * {@code map} call, its items with the message codec. A worker may hold a few tasks ahead so that short
 * tasks do not wait for a round trip each ({@link #window()}).
 */
final class ProcessPool extends PoolBase<ProcessPool.Wire, ProcessPool.Function> {
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** Work a worker may hold ahead, in time: short tasks are batched up to this, long ones go one by one. */
    private static final long AHEAD_NANOS = 1_000_000;
    private static final int MAX_AHEAD = 64;
    /** How long a caller polls for its task's reply before it blocks; see docs/decisions.md. */
    static final long HELP_NANOS = 100_000;

    private final String name = "multiproc-pool-" + POOLS.incrementAndGet();
    private final java.util.function.Function<String, ChildJvm> children; // a child for the named worker
    private final byte[] initializer;
    /** Workers that take new tasks. */
    private final List<PoolSlot> slots = new CopyOnWriteArrayList<>();
    /** Every worker whose JVM has not ended: those above and recycled ones finishing their last tasks. */
    private final List<PoolSlot> live = new CopyOnWriteArrayList<>();
    private final AtomicInteger launched = new AtomicInteger();
    private final AtomicInteger missing = new AtomicInteger();
    private final AtomicLong functionIds = new AtomicLong();
    private volatile long taskNanos = AHEAD_NANOS; // a moving average of how long tasks take in a worker

    ProcessPool(ProcessContext context, PoolOptions options) {
        super(options);
        this.initializer = options.initializer() == null ? new byte[0] : Codec.tasks().encode(options.initializer());
        if (options.processOptions() == null) {
            this.children = context::takeChild;
        } else {
            ChildSource own = context.childSource(options.processOptions());
            this.children = own::take;
            onTermination(own::close);
        }
        for (int i = 0; i < options.workers(); i++) {
            launch();
        }
        startWatchdog();
    }

    private void launch() {
        if (ChildJvm.exiting()) {
            return; // no replacement while this JVM exits: its children are being stopped
        }
        String workerName = name + "-worker-" + launched.incrementAndGet();
        int index = takeIndex();
        ChildJvm child;
        try {
            child = children.apply(workerName);
        } catch (RuntimeException e) {
            freeIndex(index);
            throw e;
        }
        PoolSlot slot = new PoolSlot(this, child, workerName, index);
        workerStarted();
        live.add(slot);
        slots.add(slot);
        slot.start();
    }

    // ---- for slots ------------------------------------------------------------------------------

    byte[] initializer() {
        return initializer;
    }

    /** How many workers take new tasks: the number a burst of waiting tasks is shared by. */
    int accepting() {
        return slots.size();
    }

    /** How many tasks a worker may hold: enough for about a millisecond of work, at least one. */
    int window() {
        return (int) Math.clamp(AHEAD_NANOS / Math.max(1, taskNanos), 1, MAX_AHEAD);
    }

    void tookNanos(long nanos) {
        taskNanos = (taskNanos * 7 + nanos) / 8;
    }

    /** A worker will take no more tasks (recycled): a new one takes its place now. */
    void retiring(PoolSlot slot) {
        if (slots.remove(slot)) {
            freeIndex(slot.index()); // before the replacement: it takes this place
            if (needsWorkers()) {
                launch();
            }
        }
    }

    /**
     * A worker's JVM has ended: replaced unless it was replaced already or is not needed; one that
     * {@code died} (was not told to go) counts as replaced, for the pool's stats and listener.
     */
    void ended(PoolSlot slot, boolean died, int exitCode) {
        boolean replaced = died && slots.contains(slot) && needsWorkers();
        retiring(slot); // no-op if it was recycled and replaced already
        live.remove(slot);
        if (replaced) {
            workerReplaced(slot.pid(), exitCode);
        }
        workerEnded();
    }

    /**
     * A worker's JVM ended before it connected. Replacing it at once could start JVMs in a loop (bad JVM
     * options, say): instead the next waiting task fails with the reason, and the worker is replaced when
     * work comes.
     */
    void bootFailed(PoolSlot slot, WorkerDiedException why) {
        if (slots.remove(slot)) {
            freeIndex(slot.index());
        }
        live.remove(slot);
        missing.incrementAndGet();
        if (!isStopped()) {
            PoolTask<?> task = nextTask();
            if (task != null) {
                task.fail(why);
            }
        }
        workerEnded();
        if (hasWaiting()) {
            dispatch();
        }
    }

    // ---- PoolBase -----------------------------------------------------------------------------

    @Override
    protected Wire wireOfCall(Callable<?> task) {
        return new Call(StatelessTasks.encode(task)); // IllegalArgumentException naming the class, in the caller
    }

    @Override
    protected Function wireOfFunction(SerializableFunction<?, ?> fn) {
        return new Function(functionIds.incrementAndGet(), Codec.tasks().encode(fn));
    }

    @Override
    protected Wire wireOfApply(Function function, List<?> items) {
        List<byte[]> encoded = new ArrayList<>(items.size());
        for (Object item : items) {
            encoded.add(MessageCodec.INSTANCE.encode(item));
        }
        return new Chunk(function, encoded);
    }

    /** A task in wire form: what its frame carries. */
    sealed interface Wire permits Call, Chunk {
    }

    /** A plain task: the encoded callable. */
    record Call(byte[] task) implements Wire {
    }

    /** A map function in wire form. */
    record Function(long id, byte[] bytes) {
    }

    /** A chunk of map items in wire form. */
    record Chunk(Function function, List<byte[]> items) implements Wire {
    }

    @Override
    protected void dispatch() {
        for (int n = missing.get(); n > 0 && needsWorkers(); n = missing.get()) {
            if (missing.compareAndSet(n, n - 1)) {
                launch();
            }
        }
        for (PoolSlot slot : slots) {
            if (!hasWaiting()) {
                return;
            }
            slot.fill();
        }
    }

    /**
     * Lets a caller about to block on a task read its reply itself, for up to {@link #HELP_NANOS}, if a
     * worker holds the task and tasks have been short. Long tasks would only burn the caller's CPU.
     */
    @Override
    protected void beforeWait(PoolTask<?> task, long maxNanos) {
        if (taskNanos > HELP_NANOS) {
            return;
        }
        for (PoolSlot slot : live) {
            if (slot.holds(task)) {
                slot.help(task, Math.min(maxNanos, HELP_NANOS));
                return;
            }
        }
    }

    @Override
    protected void drained() {
        live.forEach(PoolSlot::stopIfIdle);
    }

    @Override
    protected List<PoolTask<?>> stopWorkers() {
        List<PoolTask<?>> notStarted = new ArrayList<>();
        for (PoolSlot slot : live) {
            notStarted.addAll(slot.stopNow());
        }
        return notStarted;
    }

    @Override
    protected void cancelled(PoolTask<?> task, boolean interrupt) {
        for (PoolSlot slot : live) {
            slot.cancelled(task, interrupt);
        }
    }

    @Override
    protected void checkDeadlines(long now) {
        live.forEach(s -> s.checkDeadline(now));
    }

    @Override
    public String toString() {
        return "Pool(processes, " + options + ")";
    }
}
