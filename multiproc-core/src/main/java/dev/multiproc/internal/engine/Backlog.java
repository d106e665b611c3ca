package dev.multiproc.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tasks of a pool that no worker holds yet, and the count of tasks submitted but not completed.
 *
 * <p>It is <i>drained</i> when it is closed (no more submissions) and nothing is outstanding: then the
 * workers may end. Tasks given back by a worker that died go to the front, so they keep their place.
 */
final class Backlog {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PoolTask<?>> tasks = new ArrayDeque<>();
    private long outstanding;
    private boolean closed;
    private boolean stopped;

    /** Adds new tasks, all or none. */
    void addAll(List<? extends PoolTask<?>> added) {
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            outstanding += added.size();
            tasks.addAll(added);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts tasks that a worker received but never started back at the front, in their order. */
    void requeue(List<PoolTask<?>> returned) {
        lock.lock();
        try {
            for (int i = returned.size() - 1; i >= 0; i--) {
                tasks.addFirst(returned.get(i));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The next task to run, skipping cancelled ones; {@code null} if none is waiting. */
    PoolTask<?> poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    /** Takes at most {@code max} tasks, and at most a {@code 1 / sharers} share (rounded up) of those waiting. */
    List<PoolTask<?>> pollShare(int max, int sharers) {
        lock.lock();
        try {
            int n = Math.min(max, Math.ceilDiv(tasks.size(), Math.max(1, sharers)));
            List<PoolTask<?>> taken = new ArrayList<>(Math.max(0, n));
            while (taken.size() < n) {
                PoolTask<?> t = next();
                if (t == null) {
                    break;
                }
                taken.add(t);
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next task.
     *
     * @return the task, or {@code null} when the backlog is drained or stopped, or the wait timed out
     */
    PoolTask<?> take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (true) {
                PoolTask<?> t = stopped ? null : next();
                if (t != null || stopped || isDrained() || left <= 0) {
                    return t;
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private PoolTask<?> next() {
        for (PoolTask<?> t = tasks.pollFirst(); t != null; t = tasks.pollFirst()) {
            if (!t.isDone()) {
                return t;
            }
        }
        return null;
    }

    /**
     * Counts one task as completed.
     *
     * @return whether that drained the backlog
     */
    boolean finished() {
        lock.lock();
        try {
            outstanding--;
            if (isDrained()) {
                changed.signalAll();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses further submissions.
     *
     * @return whether the backlog is drained now
     */
    boolean close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            return isDrained();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses everything and returns the waiting tasks that never started. */
    List<PoolTask<?>> stop() {
        lock.lock();
        try {
            closed = true;
            stopped = true;
            List<PoolTask<?>> left = new ArrayList<>();
            for (PoolTask<?> t = next(); t != null; t = next()) {
                left.add(t);
            }
            changed.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    boolean isDrained() {
        lock.lock();
        try {
            return closed && outstanding <= 0;
        } finally {
            lock.unlock();
        }
    }

    /** How many tasks wait for a worker. */
    int waiting() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }
}
