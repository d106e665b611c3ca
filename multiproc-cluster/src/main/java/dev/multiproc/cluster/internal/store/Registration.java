package dev.multiproc.cluster.internal.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A listener registered once, on a first wait: made in a thread of its own, because a registration reaches
 * every member and waits for each (during a network split, for Hazelcast's failure detector, ~60 s). A timed
 * wait waits for it until its deadline ({@link Deadline}); the registration goes on and serves the next wait.
 */
final class Registration {
    private final Supplier<?> register;
    private CompletableFuture<Void> made; // guarded by this; null until the first wait, or after a failure

    /** @param register the registration, which may be made again if it failed (a second one only wakes twice) */
    Registration(Supplier<?> register) {
        this.register = register;
    }

    /**
     * Returns once the listener is registered; within a timed wait, throws {@link Deadline.Unanswered} at the
     * wait's deadline instead. Interrupts are kept for the wait that follows.
     */
    void await() {
        Deadline.await(start(), "listener registration");
    }

    private synchronized CompletableFuture<Void> start() {
        if (made == null || made.isCompletedExceptionally()) {
            made = CompletableFuture.runAsync(() -> Uninterruptible.retrying(register), Deadline.CALLS);
        }
        return made;
    }
}
