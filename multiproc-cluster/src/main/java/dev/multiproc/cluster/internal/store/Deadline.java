package dev.multiproc.cluster.internal.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The deadline of the timed wait this thread is in ({@link Watch#until}): a call that may be abandoned
 * ({@link Store#tryUpdate}, {@link Channel#poll()}) gives up there instead of waiting for a part of the cluster
 * that does not answer (a network split: Hazelcast's own calls wait for its failure detector, ~60 s), and the
 * wait returns {@code false}. What such a call did if it lands later is undone by the store.
 */
public final class Deadline {
    /**
     * What a call gets beyond its wait's deadline: a timed call returns within its timeout plus this, and a
     * call with no time at all ({@code tryLock()}) gets this much. Long enough for a busy machine's slow answer,
     * which would otherwise read as a failed try.
     */
    public static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long NONE = Long.MAX_VALUE;
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[] {NONE});
    /** Where calls that return at once only if the cluster answers run, so that a timed wait can stop waiting. */
    static final Executor CALLS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("multiproc-cluster-call-", 0).factory());

    private Deadline() {
    }

    /**
     * Runs {@code attempt} with calls bounded by {@code deadline} plus the margin: every call of a wait gives up
     * at the same instant, so the wait returns within its timeout plus the margin, however many calls it makes.
     *
     * @param deadline when the wait ends, a {@link System#nanoTime()} value; {@code Long.MAX_VALUE} for never
     * @param attempt the try
     * @return its result; {@code false} if a call in it gave up
     */
    public static boolean within(long deadline, BooleanSupplier attempt) {
        long[] current = CURRENT.get();
        long outer = current[0];
        current[0] = deadline;
        try {
            return attempt.getAsBoolean();
        } catch (Unanswered e) {
            return false;
        } finally {
            current[0] = outer;
        }
    }

    /**
     * @return nanoseconds left for this thread's call, the margin included; {@code Long.MAX_VALUE} when its wait
     *         has no deadline (or one so far away that the margin would overflow)
     */
    static long left() {
        long d = CURRENT.get()[0];
        if (d == NONE) {
            return NONE;
        }
        long left = d - System.nanoTime(); // a difference of nanoTime values: right across their wrap-around
        return left > NONE - MARGIN_NANOS ? NONE : Math.max(0, left + MARGIN_NANOS);
    }

    /**
     * Runs {@code attempt} as a try that takes no time ({@code tryLock()}): its calls get the margin alone.
     *
     * @param attempt the try
     * @return its result; {@code false} if a call in it gave up
     */
    public static boolean now(BooleanSupplier attempt) {
        return within(System.nanoTime(), attempt);
    }

    /**
     * Waits for a call made in a thread of its own ({@link #CALLS}): without a deadline for as long as it takes;
     * within a timed wait until the wait's deadline, then it throws {@link Unanswered} with the answer still to
     * come. An interrupt ends the wait the same way, and is kept for the wait that follows.
     *
     * @param answer the call's answer
     * @param call what the call does, for a failure's message
     * @return the answer
     */
    static <T> T await(CompletableFuture<T> answer, String call) {
        long left = left();
        boolean interrupted = Thread.interrupted(); // an earlier interrupt is the wait's to report, not this call's
        try {
            return left == NONE ? answer.get() : answer.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            interrupted |= e instanceof InterruptedException;
            throw new Unanswered(answer);
        } catch (ExecutionException e) {
            throw Failures.translate(call, e.getCause() instanceof RuntimeException r ? r
                    : new CompletionException(e.getCause()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A call gave up at its wait's deadline; its effect, if it lands later, is undone. */
    static final class Unanswered extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The call's answer, still to come; {@code null} if the call failed and must be sent again. */
        final transient CompletableFuture<?> pending;

        Unanswered(CompletableFuture<?> pending) {
            super(null, null, false, false);
            this.pending = pending;
        }
    }
}
