package dev.multiproc.internal.thread;

import dev.multiproc.JoinableQueue;
import dev.multiproc.Pipe;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Bells;
import dev.multiproc.internal.engine.Waitable;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue of the thread engines: a {@link LinkedBlockingQueue} of boxes (so that {@code null} items
 * travel, as {@code None} does in Python), plus the count of unfinished items of a joinable queue.
 */
final class ThreadQueue<T> implements JoinableQueue<T>, Waitable {
    private final boolean unbounded;
    @Serial
    private static final long serialVersionUID = 1L;

    /** An item; {@code sender} is set when the item is a pipe end (or a pipe), held for its receiver meanwhile. */
    private record Box(Object item, EndHolder sender) {
        static Box of(Object item) {
            if (item instanceof ThreadConnection || item instanceof Pipe) {
                EndHolder sender = EndHolder.current();
                forEachEnd(item, end -> end.sent(sender));
                return new Box(item, sender);
            }
            return new Box(item, null);
        }

        /** The item was taken ({@code taken}) or never got in: settles what its pipe ends had in transit. */
        Object settle(boolean taken) {
            if (sender != null) {
                forEachEnd(item, end -> end.received(sender, taken));
            }
            return item;
        }

        private static void forEachEnd(Object item, java.util.function.Consumer<ThreadConnection> action) {
            if (item instanceof ThreadConnection c) {
                action.accept(c);
            } else if (item instanceof Pipe(var left, var right)) {
                for (Object end : new Object[] {left, right}) {
                    if (end instanceof ThreadConnection c) {
                        action.accept(c);
                    }
                }
            }
        }
    }

    private final LinkedBlockingQueue<Box> items;
    private final Bells watchers = new Bells(); // rung after each item that got in
    private final boolean countsTasks;
    private final ReentrantLock doneLock = new ReentrantLock();
    private final java.util.concurrent.locks.Condition allDone = doneLock.newCondition();
    private int unfinished;
    private volatile boolean closed;

    /**
     * @param capacity the most items it holds
     * @param countsTasks whether puts count unfinished tasks (a joinable queue; a pipe's queue does not)
     */
    ThreadQueue(int capacity, boolean countsTasks) {
        this.items = new LinkedBlockingQueue<>(capacity);
        this.unbounded = capacity == Integer.MAX_VALUE;
        this.countsTasks = countsTasks;
    }

    @Override
    public void put(T item) throws InterruptedException {
        requireOpen();
        countPut();
        items.put(Box.of(item));
        watchers.ring();
    }

    @Override
    public boolean offer(T item) {
        requireOpen();
        countPut();
        Box b = Box.of(item);
        if (!items.offer(b)) {
            return uncountPut(b);
        }
        watchers.ring();
        return true;
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        requireOpen();
        countPut();
        Box b = Box.of(item);
        boolean added = false;
        try {
            added = items.offer(b, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            if (!added) {
                uncountPut(b); // refused or interrupted: the item never got in
            }
        }
        if (added) {
            watchers.ring();
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T take() throws InterruptedException {
        return (T) items.take().settle(true);
    }

    @Override
    public T poll() {
        return unbox(items.poll());
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return unbox(items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Removes the oldest item, or returns {@code none} if none came in time (a {@code null} item is not "none"). */
    Object pollOr(Duration timeout, Object none) throws InterruptedException {
        Box b = items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return b == null ? none : b.settle(true);
    }

    @SuppressWarnings("unchecked")
    private T unbox(Box b) {
        return b == null ? null : (T) b.settle(true);
    }

    @Override
    public Waitable.Watching watch(Bell bell) {
        return watchers.add(bell);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public int remainingCapacity() {
        return unbounded ? Integer.MAX_VALUE : items.remainingCapacity();
    }

    @Override
    public boolean isEmpty() {
        return items.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("queue is closed");
        }
    }

    // counted before the item is visible, so join() never sees an item that is not counted yet
    private void countPut() {
        if (!countsTasks) {
            return;
        }
        doneLock.lock();
        try {
            unfinished++;
        } finally {
            doneLock.unlock();
        }
    }

    private boolean uncountPut(Box refused) {
        if (countsTasks) {
            taskDone();
        }
        refused.settle(false);
        return false;
    }

    @Override
    public void taskDone() {
        doneLock.lock();
        try {
            if (unfinished == 0) {
                throw new IllegalStateException("taskDone() called more times than there were items");
            }
            if (--unfinished == 0) {
                allDone.signalAll();
            }
        } finally {
            doneLock.unlock();
        }
    }

    @Override
    public void join() throws InterruptedException {
        doneLock.lockInterruptibly();
        try {
            while (unfinished > 0) {
                allDone.await();
            }
        } finally {
            doneLock.unlock();
        }
    }
}
