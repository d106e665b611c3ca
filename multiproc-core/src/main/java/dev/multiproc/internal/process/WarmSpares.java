package dev.multiproc.internal.process;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Child JVMs booted ahead of need. Each serves exactly one worker (no state leaks between workers).
 *
 * <p>{@code target} spares are kept: each taken one is replaced in the background at once. When starts come
 * faster than a spare boots (a take finds none connected), up to {@code target} more are kept booting, so that
 * the next starts find one; after a quiet second the count goes back to {@code target}. Besides, a source may
 * launch one child as soon as it is made: a program's first worker then finds a JVM that has
 * been booting while the program went on. It boots as a cold child does (a spare's warming would delay a start
 * that comes at once), and it is not replaced unless spares are kept.
 */
final class WarmSpares {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** After this long without a take, the extra spares that a burst asked for are not replaced. */
    private static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();

    private final int target;
    private final Supplier<ChildJvm> launcher;
    private final Deque<ChildJvm> spares = new ArrayDeque<>();
    private final Set<Thread> refills = new HashSet<>();
    private int kept; // spares ready or booting that takes replace: target, more during a burst
    private long lastTake = System.nanoTime() - QUIET_NANOS;
    private boolean closed;

    /**
     * @param target how many spares to keep
     * @param ahead a child launched for the first worker, or {@code null}
     * @param launcher launches a spare
     */
    WarmSpares(int target, ChildJvm ahead, Supplier<ChildJvm> launcher) {
        this.target = target;
        this.kept = target;
        this.launcher = launcher;
        if (ahead != null) {
            spares.add(ahead);
        }
        while (spares.size() < target) {
            spares.add(launcher.get());
        }
    }

    /**
     * Takes a spare, preferring one that has already connected.
     *
     * @return a spare, or {@code null} when none is there
     */
    synchronized ChildJvm take() {
        if (closed) {
            return null;
        }
        ChildJvm chosen = null;
        for (Iterator<ChildJvm> it = spares.iterator(); it.hasNext(); ) {
            ChildJvm c = it.next();
            if (!c.process().isAlive()) {
                it.remove(); // died while waiting (killed from outside): replaced below
            } else if (chosen == null && c.isConnected()) {
                chosen = c;
                it.remove();
            }
        }
        boolean missed = chosen == null;
        if (missed) {
            chosen = spares.pollFirst(); // still booting, but ahead of a cold start; null when none is left
        }
        adjust(missed);
        return chosen;
    }

    /** Keeps more spares booting while starts outrun them, and as many as asked for once they are quiet. */
    private void adjust(boolean missed) {
        long now = System.nanoTime();
        if (now - lastTake > QUIET_NANOS) {
            kept = target;
        }
        lastTake = now;
        if (missed && target > 0) {
            kept = Math.min(kept + 1, 2 * target);
        }
        while (spares.size() + refills.size() < kept) {
            refill();
        }
    }

    private void refill() {
        // off the caller's path: launching costs about a millisecond of fork/exec
        Thread refill = Thread.ofVirtual().name("multiproc-spare").unstarted(() -> {
            ChildJvm c;
            try {
                c = launcher.get();
            } catch (RuntimeException e) { // cannot launch now: the next take launches (and reports) itself
                synchronized (this) {
                    refills.remove(Thread.currentThread());
                }
                return;
            }
            synchronized (this) {
                refills.remove(Thread.currentThread());
                if (!closed) {
                    spares.add(c);
                    return;
                }
            }
            c.discard();
            try {
                c.process().waitFor(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS); // close() waits for this thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        refills.add(refill);
        refill.start();
    }

    /** Stops every spare and waits (boundedly) until they are gone; no more are launched. */
    void close() {
        List<Thread> pending;
        List<ChildJvm> stopped;
        synchronized (this) {
            closed = true;
            pending = List.copyOf(refills);
            stopped = List.copyOf(spares);
            spares.clear();
        }
        stopped.forEach(ChildJvm::discard);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (Thread t : pending) { // a refill in flight discards its child itself
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            for (ChildJvm c : stopped) {
                c.process().waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop waiting; SIGKILL has been sent
        }
    }

}
