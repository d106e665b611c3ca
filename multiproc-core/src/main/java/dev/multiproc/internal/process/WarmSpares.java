package dev.multiproc.internal.process;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * Child JVMs booted ahead of need. Each serves exactly one worker (no state leaks between workers)
 * and is replaced in the background as soon as it is taken.
 */
final class WarmSpares {
    private final int target;
    private final Supplier<ChildJvm> launcher;
    private final Deque<ChildJvm> spares = new ArrayDeque<>();
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
        Thread.ofVirtual().name("multiproc-spare").start(() -> {
            ChildJvm c = launcher.get();
            synchronized (this) {
                if (!closed) {
                    spares.add(c);
                    return;
                }
            }
            c.discard();
        });
    }

    /** Stops every spare; no more are launched. */
    synchronized void close() {
        closed = true;
        spares.forEach(ChildJvm::discard);
        spares.clear();
    }

}
