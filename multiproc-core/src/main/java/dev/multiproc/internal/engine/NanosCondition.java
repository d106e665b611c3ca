package dev.multiproc.internal.engine;

import dev.multiproc.Condition;

import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Condition} whose waits all come down to {@link #awaitNanos}: what the shared-memory and the cluster
 * conditions implement; the other forms of {@code await} follow from it here.
 */
public interface NanosCondition extends Condition {

    @Override
    default void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    @Override
    default void awaitUninterruptibly() {
        Waits.uninterruptibly(this::await);
    }

    @Override
    default boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitNanos(unit.toNanos(time)) > 0;
    }

    @Override
    default boolean awaitUntil(Date deadline) throws InterruptedException {
        long millis = deadline.getTime() - System.currentTimeMillis();
        return awaitNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis))) > 0;
    }
}
