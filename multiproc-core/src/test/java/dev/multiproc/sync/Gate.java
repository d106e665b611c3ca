package dev.multiproc.sync;

import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.SharedLong;

import java.io.Serializable;

/**
 * A starting gate for contention tests: workers (child JVMs boot about 100 ms apart) wait at it, and the
 * parent opens it once every one has arrived, so that their loops really overlap.
 */
record Gate(SharedLong arrived, Event open) implements Serializable {

    static Gate of(Context ctx) {
        return new Gate(ctx.sharedLong(0), ctx.event());
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
