package dev.multiproc.cluster.internal.agent;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stops an agent's workers once it has not heard a majority of the agents for a while: on the smaller side of a
 * split, the other side reaps their holds after the fence ({@link AgentRuntime#FENCE_MILLIS}), counted from when
 * it notices their clients gone. This side counts by its own clock from the beats, not from Hazelcast's removal
 * of members, which may come up to 10 s after the heartbeat timeout, and later on a busy machine.
 */
/*
 * A pause of this JVM (a long collection, a stopped process) makes every other agent look silent until the beats
 * that queued up are read: a look that comes late decides nothing (it neither starts a span nor ends one), and a
 * span that had started before it goes on from where it started, so that a pause never postpones a stop.
 */
final class Fence {
    static final long LOOK_MILLIS = 1_000;
    /** A look later than this after the previous one: this JVM was paused, its view of the beats is stale. */
    private static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final long stopAfterNanos;
    private long lastLook;
    /** Since when (nanoTime) no majority was heard, or {@code null} while one is. */
    private Long minoritySince;
    private boolean stopped;

    /**
     * @param stopAfter how long an agent may hear no majority before it stops its workers
     * @param now {@link System#nanoTime()} of the first look's reference
     */
    Fence(Duration stopAfter, long now) {
        this.stopAfterNanos = stopAfter.toNanos();
        this.lastLook = now;
    }

    /**
     * Looks at the beats every second on a thread of its own (the agent's other threads may block on calls
     * during a split) and stops the workers when {@link #shouldStop} says so.
     *
     * @param stopAfter how long the agent may hear no majority before it stops its workers
     * @param majority whether it hears a majority now
     * @param stop stops every worker and pool of the agent
     * @return the looking thread: interrupt it to stop looking
     */
    static Thread watch(Duration stopAfter, BooleanSupplier majority, Runnable stop) {
        Fence fence = new Fence(stopAfter, System.nanoTime());
        return Thread.ofPlatform().daemon().name("multiproc-agent-fence").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(LOOK_MILLIS);
                    try {
                        if (fence.shouldStop(System.nanoTime(), majority.getAsBoolean())) {
                            stop.run();
                        }
                    } catch (RuntimeException e) { // the next look tries again: fencing must not end
                        System.err.println("multiproc agent: a look at the agents' beats failed: " + e);
                    }
                }
            } catch (InterruptedException e) {
                // the agent closes
            }
        });
    }

    /**
     * One look at the beats.
     *
     * @param now {@link System#nanoTime()}
     * @param hearsMajority whether the agent hears a majority now
     * @return {@code true} once per span without a majority, when it has lasted {@code stopAfter}
     */
    boolean shouldStop(long now, boolean hearsMajority) {
        boolean late = now - lastLook > LATE_NANOS;
        lastLook = now;
        if (late) {
            return false;
        }
        if (hearsMajority) {
            minoritySince = null;
            stopped = false;
            return false;
        }
        if (minoritySince == null) {
            minoritySince = now;
            return false;
        }
        if (!stopped && now - minoritySince >= stopAfterNanos) {
            stopped = true;
            return true;
        }
        return false;
    }
}
