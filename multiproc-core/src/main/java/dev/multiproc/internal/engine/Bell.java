package dev.multiproc.internal.engine;

import java.lang.foreign.MemorySegment;

/**
 * What one {@code Context.waitForAny} call sleeps on: the objects it watches ring it, from any thread, when
 * they may have become ready; objects in shared memory instead name a word that another process changes and
 * wakes. One bell serves one round of the wait: made, handed to every object, waited on, closed.
 */
public interface Bell extends AutoCloseable {

    /** Something watched may be ready: wakes the waiter. Does nothing once the bell is closed. */
    void ring();

    /**
     * Also wakes the waiter when the {@code int} at {@code offset} of {@code memory} no longer holds
     * {@code expected}, a word other processes change and then wake as a futex. Called by the waiting thread only.
     */
    void watchWord(MemorySegment memory, long offset, int expected);

    /** Sleeps until a ring, a change of a watched word, or {@code nanos}; may return early for any reason. */
    void await(long nanos) throws InterruptedException;

    /** Ends the round: later rings do nothing. */
    @Override
    void close();
}
