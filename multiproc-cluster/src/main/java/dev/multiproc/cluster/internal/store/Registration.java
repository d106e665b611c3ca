package dev.multiproc.cluster.internal.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        CompletableFuture<Void> f = start();
        long left = Deadline.left();
        boolean interrupted = Thread.interrupted();
        try {
            if (left == Long.MAX_VALUE) {
                f.get();
            } else {
                f.get(left, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new Deadline.Unanswered(f);
        } catch (InterruptedException e) {
            interrupted = true;
            throw new Deadline.Unanswered(f);
        } catch (ExecutionException e) {
            throw Failures.translate("listener registration", e.getCause() instanceof RuntimeException r ? r
                    : new CompletionException(e.getCause()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized CompletableFuture<Void> start() {
        if (made == null || made.isCompletedExceptionally()) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread.ofVirtual().name("multiproc-listen").start(() -> {
                try {
                    Uninterruptible.retrying(register);
                    f.complete(null);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            made = f;
        }
        return made;
    }
}
