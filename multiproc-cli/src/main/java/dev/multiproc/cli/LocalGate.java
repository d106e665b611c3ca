package dev.multiproc.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gate for thread engines: its state lives in this JVM, found by id, so that the task captures only a
 * {@code long} and stays serializable. Cheap enough for 100 000 tasks.
 *
 * @param id the key of the state in this JVM
 */
record LocalGate(long id) implements Gate {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, State> STATES = new ConcurrentHashMap<>();
    /** What a task sees once its rendezvous is gone: an open gate, so that a late task never blocks. */
    private static final State GONE = State.opened();

    /** Registers a new closed gate; {@link #unregister()} must follow. */
    static LocalGate register() {
        LocalGate gate = new LocalGate(IDS.incrementAndGet());
        STATES.put(gate.id, new State());
        return gate;
    }

    @Override
    public void arrive() {
        state().arrivals.incrementAndGet();
    }

    @Override
    public boolean isOpen() {
        return state().open.getCount() == 0;
    }

    @Override
    public boolean awaitOpen(long deadlineMillis) {
        try {
            return state().open.await(Math.max(0, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task decides what an interrupt means; keep the flag for it
            return false;
        }
    }

    int arrivals() {
        return state().arrivals.get();
    }

    void open() {
        state().open.countDown();
    }

    /** Opens the gate and forgets it. */
    void unregister() {
        open();
        STATES.remove(id);
    }

    private State state() {
        return STATES.getOrDefault(id, GONE);
    }

    private static final class State {
        final AtomicInteger arrivals = new AtomicInteger();
        final CountDownLatch open = new CountDownLatch(1);

        static State opened() {
            State s = new State();
            s.open.countDown();
            return s;
        }
    }
}
