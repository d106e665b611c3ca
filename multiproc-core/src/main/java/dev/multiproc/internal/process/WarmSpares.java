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
 * Child JVMs booted ahead of need. Each serves exactly one worker (no state leaks between workers)
 * and is replaced in the background as soon as it is taken.
 */
final class WarmSpares {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final int target;
    private final Supplier<ChildJvm> launcher;
    private final Deque<ChildJvm> spares = new ArrayDeque<>();
    private final Set<Thread> refills = new HashSet<>();
    private boolean closed;

    WarmSpares(int target, Supplier<ChildJvm> launcher) {
        this.target = target;
        this.launcher = launcher;
        for (int i = 0; i < target; i++) {
            spares.add(launcher.get());
        }
    }

    /**
     * Takes a spare, preferring one that has already connected.
     *
     * @return a spare, or {@code null} when none is kept
     */
    synchronized ChildJvm take() {
        if (closed || spares.isEmpty()) {
            return null;
        }
        ChildJvm chosen = null;
        for (Iterator<ChildJvm> it = spares.iterator(); it.hasNext(); ) {
            ChildJvm c = it.next();
            if (!c.process().isAlive()) {
                it.remove(); // died while waiting (killed from outside): replace it too
                refill();
            } else if (chosen == null && c.isConnected()) {
                chosen = c;
                it.remove();
            }
        }
        if (chosen == null && !spares.isEmpty()) {
            chosen = spares.pollFirst(); // still booting, but ahead of a cold start
        }
        if (chosen != null) {
            refill();
        }
        return chosen;
    }

    private void refill() {
        // off the caller's path: launching costs about a millisecond of fork/exec
        Thread refill = Thread.ofVirtual().name("multiproc-spare").unstarted(() -> {
            ChildJvm c = launcher.get();
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
