package dev.multiproc.internal.engine;

import dev.multiproc.Connection;
import dev.multiproc.Queue;
import dev.multiproc.Worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code Context.waitForAny}: Python's {@code multiprocessing.connection.wait} over connections, queues and
 * workers of any engine, with no thread per object and no polling loop.
 */
/*
 * Implementation notes.
 *
 * A round: a new bell, every object watching it (workers through one onExit() callback per call that rings
 * the current round's bell, the rest through Waitable), a check of every object, then a sleep on the bell; the check comes after the watching, so a change between
 * them rings the bell and the sleep returns at once. Rounds last at most a slice: what rings nothing (a peer
 * process that died, a thread-engine end whose holders ended) is found by the next round's check.
 */
public final class WaitForAny {
    private static final long SLICE_NANOS = 50_000_000L;

    private WaitForAny() {
    }

    /**
     * The given objects that are ready, in the given order; empty if none became ready in time.
     *
     * @param objects connections, queues and workers
     * @param timeout the longest wait; {@code null} for no limit, {@link Duration#ZERO} to check without waiting
     * @param newBell makes the bell of one round
     * @return the ready objects
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public static List<Object> await(Collection<?> objects, Duration timeout, Supplier<Bell> newBell)
            throws InterruptedException {
        List<Object> watched = checked(objects);
        Require.argument(timeout == null || !timeout.isNegative(), "timeout must not be negative: %s", timeout);
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 2);
        List<Object> ready = ready(watched);
        if (!ready.isEmpty() || deadline - System.nanoTime() <= 0) {
            return ready;
        }
        AtomicReference<Bell> round = new AtomicReference<>();
        watchWorkers(watched, round);
        try {
            while (ready.isEmpty()) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    return ready;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                ready = oneRound(watched, Math.min(left, SLICE_NANOS), newBell, round);
            }
            return ready;
        } finally {
            round.set(null);
        }
    }

    /** Workers ring the bell of the current round when they end: one callback per worker and call, not per round. */
    private static void watchWorkers(List<Object> watched, AtomicReference<Bell> round) {
        for (Object o : watched) {
            if (o instanceof Worker w) {
                w.onExit().whenComplete((ended, failure) -> {
                    Bell b = round.get();
                    if (b != null) {
                        b.ring();
                    }
                });
            }
        }
    }

    private static List<Object> checked(Collection<?> objects) {
        Objects.requireNonNull(objects, "objects");
        Require.argument(!objects.isEmpty(), "waitForAny needs at least one object to wait for");
        List<Object> list = new ArrayList<>(objects.size());
        for (Object o : objects) {
            Objects.requireNonNull(o, "waitForAny: a null object");
            Require.argument(o instanceof Worker || o instanceof Waitable,
                    "waitForAny waits for Connections, Queues and Workers of a context, not %s", o.getClass().getName());
            Require.argument(!(o instanceof Worker w) || w.isAlive() || w.exitCode().isPresent(),
                    "waitForAny: the worker is not started: %s", o);
            list.add(o);
        }
        return list;
    }

    private static List<Object> oneRound(List<Object> watched, long nanos, Supplier<Bell> newBell,
                                         AtomicReference<Bell> round) throws InterruptedException {
        try (Bell bell = newBell.get()) {
            round.set(bell);
            List<Waitable.Watching> watches = new ArrayList<>(watched.size());
            try {
                for (Object o : watched) {
                    if (o instanceof Waitable w) {
                        watches.add(w.watch(bell));
                    }
                }
                List<Object> ready = ready(watched);
                if (ready.isEmpty()) {
                    bell.await(nanos);
                    ready = ready(watched);
                }
                return ready;
            } finally {
                watches.forEach(Waitable.Watching::close);
            }
        }
    }

    private static List<Object> ready(List<Object> watched) throws InterruptedException {
        List<Object> ready = new ArrayList<>();
        for (Object o : watched) {
            if (isReady(o)) {
                ready.add(o);
            }
        }
        return ready;
    }

    private static boolean isReady(Object o) throws InterruptedException {
        if (o instanceof Worker w) {
            return w.exitCode().isPresent(); // set before onExit() completes, and before join() returns
        }
        if (o instanceof Connection c) {
            return c.poll(Duration.ZERO);
        }
        return !((Queue<?>) o).isEmpty();
    }
}
