package dev.multiproc.cluster.internal.store;

import java.util.function.Supplier;

/**
 * Runs a Hazelcast call that must not see the caller's interrupt: Hazelcast's blocking calls throw a
 * {@code HazelcastException} on an interrupted thread, and some calls are not the caller's to abandon (creating
 * a client, registering a listener). The interrupt stays set for the caller's next
 * wait, which reports it as {@link InterruptedException}. (The store's entry processors wait on an asynchronous
 * call instead.)
 */
public final class Uninterruptible {
    private Uninterruptible() {
    }

    /**
     * As {@link #call}, and makes the call again when an interrupt that came during it made Hazelcast give up
     * on it (a client fails the call's future then): for calls that may be made twice, such as registering a
     * listener (a second registration only wakes twice).
     *
     * @param call the call
     * @param <R> its result
     * @return its result
     */
    public static <R> R retrying(Supplier<R> call) {
        while (true) {
            try {
                return call(call);
            } catch (RuntimeException e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                    throw e;
                }
                Thread.currentThread().interrupt(); // kept for the caller's next wait; the call is made again
            }
        }
    }

    /**
     * Runs {@code call} with the interrupt flag cleared, and sets it again afterwards if it was set.
     *
     * @param call the call
     * @param <R> its result
     * @return its result
     */
    public static <R> R call(Supplier<R> call) {
        boolean interrupted = Thread.interrupted();
        try {
            return call.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
