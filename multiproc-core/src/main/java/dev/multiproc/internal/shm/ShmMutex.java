package dev.multiproc.internal.shm;

import java.io.Serial;

/**
 * The lock word shared by {@link ShmLock} and {@link ShmRLock}: which process holds the lock, whether
 * anyone sleeps on it, and how to take it over from a holder that died.
 *
 * <pre>
 *   0            4            8                       16           20           24                  32
 *  +------------+------------+-----------------------+------------+------------+-------------------+
 *  | lock word  |  (unused)  | holder start stamp    |  (unused)  | hold count | owner thread id   |
 *  +------------+------------+-----------------------+------------+------------+-------------------+
 *  lock word: 0 free; otherwise holder pid | WAITERS (bit 30) when someone may sleep on it
 *             | OWNER_DIED (bit 31) when the holder took it over from a holder that died
 * </pre>
 */
/*
 * Implementation notes.
 *
 * Drepper's mutex #3 ("Futexes Are Tricky") with the holder's pid in the word instead of 1, so that a
 * waiter can tell who holds the lock. Acquire: CAS 0 -> pid; else spin ~20 us; else set WAITERS and
 * FUTEX_WAIT on the word in 50 ms slices. After each slice the waiter checks interrupts, its deadline,
 * and whether the holder is dead (no process with that pid, or one with another start time: a reused
 * pid); a dead holder's lock is taken over with a CAS of the exact word it saw, so exactly one waiter
 * wins, and "owner died" is recorded for the new holder, in the word itself: the release that clears the word
 * clears it, so a lock taken and released in the usual way writes nothing but the word and the start time.
 * Release clears the start time before the word (release order), and so does a takeover (a CAS of the dead
 * holder's start time to 0, then of the word), so a waiter that reads a new holder's pid never pairs it
 * with an old holder's start time, which would make the live new holder look dead and let a second waiter
 * take the lock; a start time of 0 means "trust the pid".
 * The one case not recovered: a holder that died between its CAS and writing its start time, and whose
 * pid was reused before anyone checked.
 */
abstract class ShmMutex extends ShmObject {
    @Serial
    private static final long serialVersionUID = 1L;

    static final long WORD = 0, START = 8, HOLDS = 20, OWNER_THREAD = 24, SIZE = 64;
    static final int WAITERS = 1 << 30, OWNER_DIED = 1 << 31, PID_MASK = WAITERS - 1;

    private final transient ShmHeap heap; // null outside the process that owns the context

    ShmMutex(ShmHeap heap) {
        super(heap.allocate(SIZE));
        this.heap = heap;
    }

    /** A condition on this lock, allocated in the owning context's heap. */
    public final dev.multiproc.Condition newCondition() {
        return ShmCondition.create(heap, this);
    }

    public final boolean isLocked() {
        return getInt(WORD) != 0;
    }

    public final boolean previousOwnerDied() {
        return (getInt(WORD) & OWNER_DIED) != 0;
    }

    final int holderPid() {
        return getInt(WORD) & PID_MASK;
    }

    /** Takes the word if it is free now. */
    final boolean tryAcquireWord() {
        if (casInt(WORD, 0, Self.PID)) {
            took();
            return true;
        }
        return false;
    }

    /** Takes the word; {@code false} if the time ran out. */
    final boolean acquireWord(long timeoutNanos, boolean interruptible) throws InterruptedException {
        if (tryAcquireWord()) {
            return true;
        }
        long deadline = deadline(timeoutNanos);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() < spinUntil) {
            if (getInt(WORD) == 0 && casInt(WORD, 0, Self.PID)) {
                took();
                return true;
            }
            Thread.onSpinWait();
        }
        return sleepForWord(deadline, interruptible);
    }

    private boolean sleepForWord(long deadline, boolean interruptible) throws InterruptedException {
        boolean interrupted = false;
        Pace deathChecks = new Pace();
        try {
            while (true) {
                int v = getInt(WORD);
                if (v == 0) {
                    if (casInt(WORD, 0, Self.PID | WAITERS)) { // others may sleep: keep the mark
                        took();
                        return true;
                    }
                    continue;
                }
                if ((v & WAITERS) == 0 && !casInt(WORD, v, v | WAITERS)) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(WORD, v | WAITERS, left);
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
                if (deathChecks.due() && takeOverIfHolderDied()) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt(); // lock() is not interruptible: keep the flag for the caller
            }
        }
    }

    private boolean takeOverIfHolderDied() {
        int v = getInt(WORD);
        int pid = v & PID_MASK;
        long start = getLong(START);
        if (pid == 0 || !Self.isDead(pid, start)) {
            return false;
        }
        // clear the dead holder's start time before the word changes: see the implementation notes
        if (!casLong(START, start, 0) || !casInt(WORD, v, Self.PID | (v & WAITERS) | OWNER_DIED)) {
            return false; // someone else took it over, or it was released meanwhile
        }
        took();
        System.getLogger(getClass().getName()).log(System.Logger.Level.WARNING,
                "took over a lock whose holder process died: pid=" + pid);
        return true;
    }

    private void took() {
        setLong(START, Self.START_STAMP);
    }

    /** Frees the word; {@code false} if it was not held. */
    final boolean releaseWord() {
        if (getInt(WORD) == 0) {
            return false;
        }
        setLong(START, 0); // before the word: see the implementation notes
        int v = (int) INT.getAndSet(mem(), base + WORD, 0);
        if ((v & WAITERS) != 0) {
            wake(WORD, 1);
        }
        return v != 0;
    }

    /** Throws unless the caller may use a condition of this lock. */
    abstract void checkHeldForCondition();

    /** Releases every hold before a condition wait; returns what {@link #reacquire} needs. */
    abstract int releaseForWait();

    /** Takes the lock back after a condition wait, uninterruptibly, with the holds it had. */
    abstract void reacquire(int saved);

    /** Blocks uninterruptibly until the word is held (the interrupt flag is kept). */
    final void acquireWordUninterruptibly() {
        try {
            acquireWord(Long.MAX_VALUE, false);
        } catch (InterruptedException e) {
            throw new AssertionError("not interruptible", e);
        }
    }
}
