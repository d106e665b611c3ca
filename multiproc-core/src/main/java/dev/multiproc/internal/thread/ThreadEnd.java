package dev.multiproc.internal.thread;

import dev.multiproc.internal.engine.Bells;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who holds one end of a thread-engine pipe: the same rules as between processes ({@code Connection}'s
 * javadoc), with workers and pools as the processes ({@link EndHolder}). The creator holds both ends
 * provisionally until it uses one or gives it away to a worker it starts; a worker or pool holds the ends its
 * tasks captured from their start; an end put in a queue or pipe is held by its sender until taken;
 * {@code close()} releases the caller's hold; an ended worker holds nothing.
 */
final class ThreadEnd {
    private final Map<EndHolder, Boolean> holds = new HashMap<>(); // holder -> firm (false: provisional)
    private final Map<EndHolder, Integer> inTransit = new HashMap<>(); // sender -> copies not yet taken
    private final Set<EndHolder> closedBy = new HashSet<>();
    final Bells closes = new Bells(); // rung when a holder closes the end: the peer's waitForAny looks again

    ThreadEnd(EndHolder creator) {
        holds.put(creator, false);
    }

    /** {@code holder} uses the end: it must not have closed it, and holds it firmly from now on. */
    synchronized void use(EndHolder holder) {
        if (closedBy.contains(holder)) {
            throw new IllegalStateException("this end of the pipe is closed");
        }
        holds.put(holder, true);
    }

    /** {@code holder} closes the end: its hold ends, and its later uses fail. Idempotent. */
    void close(EndHolder holder) {
        synchronized (this) {
            closedBy.add(holder);
            holds.remove(holder);
        }
        closes.ring();
    }

    /**
     * {@code holder} received the end (its task captured it, or it took it from a queue): it holds it from now
     * on; with {@code givenAway}, the creator's provisional hold ends.
     */
    synchronized void grant(EndHolder holder, boolean givenAway) {
        closedBy.remove(holder);
        if (givenAway) {
            holds.values().removeIf(firm -> !firm);
        }
        holds.put(holder, true);
    }

    /** {@code sender} put the end in a queue or pipe: it stays held for the receiver until taken. */
    synchronized void sent(EndHolder sender) {
        inTransit.merge(sender, 1, Integer::sum);
    }

    /** A copy {@code sender} sent was taken by {@code receiver}, or ({@code receiver == null}) never left. */
    synchronized void received(EndHolder sender, EndHolder receiver) {
        if (receiver != null) {
            grant(receiver, false);
        }
        inTransit.computeIfPresent(sender, (s, n) -> n > 1 ? n - 1 : null);
    }

    /** Whether a live holder has the end, or a live sender a copy of it in transit. */
    synchronized boolean held() {
        holds.keySet().removeIf(h -> !h.alive());
        inTransit.keySet().removeIf(h -> !h.alive());
        return !holds.isEmpty() || !inTransit.isEmpty();
    }
}
