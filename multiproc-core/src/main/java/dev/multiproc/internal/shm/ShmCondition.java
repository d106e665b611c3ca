package dev.multiproc.internal.shm;

import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.NanosCondition;
import dev.multiproc.internal.engine.Waits;

import java.io.Serial;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable on shared memory, bound to a {@link ShmLock} or {@link ShmRLock}.
 *
 * <pre>
 *   0           4           8           12                                                      64
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 *  | wake-ups  |  woken    |  waiters  |                       padding                         |
 *  +-----------+-----------+-----------+-------------------------------------------------------+
 * </pre>
 */
/*
 * Implementation notes.
 *
 * Counters, after the classic futex condition variable: `wake-ups` (the futex word) counts signals
 * given, `woken` counts signals taken, `waiters` counts the threads waiting. A waiter notes the wake-up
 * count when it starts waiting (lock held) and may take a signal only once that count has moved: a
 * signal given before it waited is not its to take, so a signaller that waits right after its own signal
 * never steals it from an earlier waiter (found by ConditionContractTest's ping-pong). A waiter takes a
 * signal with a CAS on `woken`, without the lock. signal() adds one wake-up whenever someone waits,
 * signalAll() one per waiter: counting wake-ups already pending against the waiters would be wrong, since
 * a waiter may not be eligible for them (found by CrossProcessIpcTest: a consumer slept forever). Every
 * leaving waiter retires the wake-ups beyond the waiters still there, so surplus ones end as at most a
 * spurious wake-up, which the contract allows. A woken waiter that dies before taking its signal leaves
 * it for another eligible waiter, which finds it within one 50 ms slice: no signal is lost.
 */
final class ShmCondition extends ShmObject implements NanosCondition {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long WAKEUPS = 0, WOKEN = 4, WAITERS = 8, SIZE = 64;

    private final ShmMutex lock;

    private ShmCondition(ShmHeap heap, ShmMutex lock) {
        super(heap.allocate(SIZE));
        this.lock = lock;
    }

    static ShmCondition create(ShmHeap heap, ShmMutex lock) {
        if (heap == null) {
            throw new IllegalStateException("conditions are created in the process that owns the context "
                    + "(ctx.condition(lock)), then passed to workers");
        }
        return new ShmCondition(heap, lock);
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        return awaitNanos(nanosTimeout, () -> false);
    }

    /**
     * {@link #awaitNanos(long)} for a waiter whose signaller changes the state without this condition's lock
     * (as a queue's producer does, under a lock of its own): once counted among the waiters, and with the lock
     * released, the waiter returns at once if {@code ready} holds. A signaller that changes the state and then
     * looks for waiters either finds this one or its change is seen by {@code ready}: nothing is missed.
     */
    long awaitNanos(long nanosTimeout, BooleanSupplier ready) throws InterruptedException {
        lock.checkHeldForCondition();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = deadline(nanosTimeout);
        int seen = getInt(WAKEUPS);
        addInt(WAITERS, 1);
        int holds = lock.releaseForWait();
        boolean signalled = false;
        try {
            signalled = ready.getAsBoolean() || sleepForSignal(seen, deadline);
        } finally {
            lock.reacquire(holds);
            leave(); // with the lock held again
        }
        long left = deadline - System.nanoTime();
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    private boolean sleepForSignal(int seen, long deadline) throws InterruptedException {
        while (true) {
            int wakeups = getInt(WAKEUPS);
            if (wakeups != seen && takeSignal(wakeups)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            await(WAKEUPS, wakeups, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private boolean takeSignal(int wakeups) {
        for (int w = getInt(WOKEN); w != wakeups; w = getInt(WOKEN)) {
            if (casInt(WOKEN, w, w + 1)) {
                return true;
            }
        }
        return false;
    }

    private void leave() {
        int waiters = addInt(WAITERS, -1);
        for (int w = getInt(WOKEN); getInt(WAKEUPS) - w > waiters; w = getInt(WOKEN)) {
            casInt(WOKEN, w, w + 1); // retire a wake-up nobody is left to take
        }
    }

    @Override
    public void signal() {
        lock.checkHeldForCondition();
        give(1);
    }

    @Override
    public void signalAll() {
        lock.checkHeldForCondition();
        give(Integer.MAX_VALUE);
    }

    /**
     * Signals one waiter without the lock held. For structures whose waiters count themselves under the
     * lock before they wait (as {@link ShmQueue}'s do): waking after the unlock spares the woken waiter a
     * second sleep on the lock the signaller still holds.
     */
    void signalAfterUnlock() {
        give(1);
    }

    private void give(int count) {
        int waiters = getInt(WAITERS);
        if (waiters <= 0) {
            return; // nobody to wake: a signal is not remembered for later waiters
        }
        int add = Math.min(waiters, count);
        addInt(WAKEUPS, add);
        wake(WAKEUPS, add == 1 ? 1 : Integer.MAX_VALUE);
    }

    /** Whether a thread waits (or watches) now; read after a change, it pairs with a waiter's second look. */
    boolean hasWaiters() {
        return getInt(WAITERS) > 0;
    }

    /**
     * Counts a watcher among the waiters, lock held, without waiting: its bell is woken by the next signal as
     * a waiter would be. The watcher takes no signal; {@link #delist()} ends it.
     */
    void enlist(Bell bell) {
        bell.watchWord(mem(), base + WAKEUPS, getInt(WAKEUPS));
        addInt(WAITERS, 1);
    }

    /** Ends an {@link #enlist}, lock held: the watcher leaves as a waiter does. */
    void delist() {
        leave();
    }

    /** The lock this condition is bound to. */
    @Override
    public dev.multiproc.Lock lock() {
        return (dev.multiproc.Lock) lock;
    }

    @Override
    public boolean awaitUntil(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        lock.checkHeldForCondition();
        return Waits.awaitUntil(this, predicate, timeout);
    }
}
