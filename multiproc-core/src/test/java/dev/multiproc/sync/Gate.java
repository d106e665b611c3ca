package dev.multiproc.sync;

import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.Workers;

import java.io.Serializable;

/**
 * A starting gate for contention tests: workers (child JVMs boot about 100 ms apart) wait at it, and the
 * parent opens it once every one has arrived, so that their loops really overlap.
 */
record Gate(SharedLong arrived, Event open) implements Serializable {

    static Gate of(Context ctx) {
        return new Gate(ctx.sharedLong(0), ctx.event());
    }

    /**
     * Starts {@code n} workers that each pass a new gate and then run {@code body}, and opens the gate once all
     * have arrived; returns the workers in start order, for the caller to join.
     */
    public static Worker[] startTogether(Context ctx, int n, SerializableRunnable body) throws InterruptedException {
        Gate gate = of(ctx);
        Worker[] workers = new Worker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = ctx.start(() -> {
                gate.pass();
                body.run();
            });
        }
        gate.openWhenArrived(n);
        return workers;
    }

    /** In a task: arrive, then wait until the parent opens the gate. */
    void pass() {
        arrived.incrementAndGet();
        Workers.check(Workers.uninterruptibly(() -> open.await(Workers.LONG)), "the gate never opened");
    }

    /** In the test: waits until {@code parties} have arrived, then lets them all go at once. */
    void openWhenArrived(int parties) throws InterruptedException {
        Workers.eventually(parties + " parties at the gate", () -> arrived.get() >= parties);
        open.set();
    }
}
