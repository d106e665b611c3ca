package dev.multiproc.internal.process;

import dev.multiproc.internal.codec.Codec;
import dev.multiproc.internal.codec.MessageCodec;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A child JVM serving a pool: runs the pool's initializer, then the tasks it is sent, one at a time and in
 * order, on its main thread, replying to each ({@link Frame.Done}, {@link Frame.Failed} or
 * {@link Frame.Skipped}) before it starts the next, until {@link Frame.Stop}.
 *
 * <p>A daemon thread reads the link meanwhile: it queues tasks, marks cancelled ones, and is the lifeline
 * (end-of-stream: the parent is gone, halt). A task's exception is its own failure; the worker goes on.
 */
final class PoolChild {
    /** Exit status when the parent cancels the running task with interruption: it cannot be stopped otherwise. */
    static final int CANCELLED = 75;
    private static final int LOST_PARENT = 70;

    private final ControlLink link;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>(); // guarded by this
    private final Set<Long> cancelled = new HashSet<>(); // guarded by this
    private long running; // guarded by this
    private boolean stop; // guarded by this

    // the main thread's: the last map function the parent sent
    private byte[] functionBytes;
    private Function<Object, Object> function;

    private PoolChild(ControlLink link) {
        this.link = link;
    }

    /** Serves the pool until told to stop, then exits the JVM normally. */
    static void serve(ControlLink link, Frame.PoolStart start) throws IOException {
        Thread.currentThread().setName(start.workerName());
        PoolChild child = new PoolChild(link);
        Thread.ofPlatform().daemon().name("multiproc-pool-reader").start(child::read);
        child.run(initialize(start.initializer()));
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

    // ---- the reader ---------------------------------------------------------------------------

    private void read() {
        try {
            for (Frame f = link.receive(); f != null; f = link.receive()) {
                accept(f);
            }
        } catch (IOException e) {
            // a broken link: the same as end-of-stream
        }
        if (!ChildMain.exiting()) {
            Runtime.getRuntime().halt(LOST_PARENT);
        }
    }

    private synchronized void accept(Frame f) {
        switch (f) {
            case Frame.Call c -> queue.add(c);
            case Frame.Apply a -> queue.add(a);
            case Frame.Cancel(long id, boolean interrupt) -> {
                if (running != id) {
                    cancelled.add(id); // skipped when its turn comes; a finished task's id is never reused
                } else if (interrupt) {
                    Runtime.getRuntime().halt(CANCELLED); // the parent gives back the tasks behind it
                }
            }
            case Frame.Stop s -> stop = true;
            default -> throw new IllegalStateException("unexpected frame for a pool worker: " + f);
        }
        notifyAll();
    }

    // ---- the main thread ----------------------------------------------------------------------

    private synchronized Frame take() throws InterruptedException {
        while (queue.isEmpty() && !stop) {
            wait();
        }
        return queue.poll();
    }

    private void run(Frame.ExceptionFrame initFailure) throws IOException {
        try {
            for (Frame f = take(); f != null; f = take()) {
                long id = f instanceof Frame.Call c ? c.id() : ((Frame.Apply) f).id();
                if (f instanceof Frame.Apply a && a.function().length > 0) {
                    functionBytes = a.function(); // kept in frame order, even for a task that is skipped
                    function = null;
                }
                if (!begin(id)) {
                    link.send(new Frame.Skipped(id));
                } else if (initFailure != null) {
                    link.send(List.of(new Frame.Failed(id, initFailure), new Frame.Retire()));
                    System.exit(1); // the pool replaces this worker
                } else {
                    Frame reply = execute(id, f);
                    end();
                    link.send(reply);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the main thread; end as if stopped
        }
    }

    private synchronized boolean begin(long id) {
        if (cancelled.remove(id)) {
            return false;
        }
        running = id;
        return true;
    }

    private synchronized void end() {
        running = 0;
    }

    private Frame execute(long id, Frame task) {
        try {
            return switch (task) {
                case Frame.Call c -> new Frame.Done(id, List.of(encode(((Callable<?>) Codec.tasks().decode(c.payload())).call())));
                case Frame.Apply a -> new Frame.Done(id, apply(a.items()));
                default -> throw new IllegalStateException("not a task: " + task);
            };
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
