package dev.multiproc.internal.thread;

import dev.multiproc.Condition;
import dev.multiproc.Lock;
import dev.multiproc.internal.engine.Waits;

import java.io.Serial;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A condition of the thread engines: the JDK's condition of the lock, plus Python's {@code wait_for}. */
final class ThreadCondition implements Condition {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Lock lock;
    private final java.util.concurrent.locks.Condition delegate;

    ThreadCondition(Lock lock, java.util.concurrent.locks.Condition delegate) {
        this.lock = lock;
        this.delegate = delegate;
    }

    @Override
    public void await() throws InterruptedException {
        delegate.await();
    }

    @Override
    public void awaitUninterruptibly() {
        delegate.awaitUninterruptibly();
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        return delegate.awaitNanos(nanosTimeout);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return delegate.await(time, unit);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return delegate.awaitUntil(deadline);
    }

    @Override
    public void signal() {
        delegate.signal();
    }

    @Override
    public void signalAll() {
        delegate.signalAll();
    }

    @Override
    public Lock lock() {
        return lock;
    }

    @Override
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        boolean held = lock instanceof dev.multiproc.RLock r ? r.isHeldByCurrentThread() : lock.isLocked();
        if (!held) {
            throw new IllegalMonitorStateException("condition used without its lock held");
        }
        return Waits.awaitUntil(this, predicate, timeout);
    }
}
