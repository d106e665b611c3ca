package dev.multiproc.internal.shm;

import java.io.Serial;
import java.util.HashSet;
import java.util.Set;

/**
 * Which processes hold one end of a pipe: a table of one word per process, so that an end is closed for its
 * peer only when every process holding it has closed it or died (CPython's rule for the file descriptors of
 * a pipe, which each process closes for itself).
 *
 * <pre>
 *   0        8                                            8 + 8 * SLOTS
 *  +--------+-------------------------------------------+
 *  | used   | slot words                                |      used: slots ever taken, to bound scans
 *  +--------+-------------------------------------------+
 *  slot word: bits 0-21 pid | 22-39 start stamp, low 18 bits | 40-41 hold | 42-63 copies in transit
 *  hold: 0 none, 1 provisional (its creator, until another process receives it), 2 holds
 * </pre>
 */
/*
 * Implementation notes.
 *
 * A slot is one word, so every change of a process's hold (claim, hold, release, a copy sent or received)
 * is one CAS, and a reader never pairs one process's pid with another's state. The identity is the pid with
 * the low bits of the start stamp (Self), enough to tell a reused pid from the process that held the slot.
 * "copies in transit" counts copies this process serialized that nobody has received yet: the end stays
 * held for them while this process lives (CPython keeps a sent descriptor open in the sender until it is
 * fetched). A word whose hold is none and whose transit count is 0 holds nothing and is stored as 0, so
 * its slot can be taken by another process; a process finds its slot again by its identity.
 * One process claims slots for one identity at a time (its callers serialize per end), so an identity
 * never has two slots; the only claims for another identity are grants to a child being started, which
 * cannot be claiming for itself before it has its task.
 */
final class EndHolders extends ShmObject {
    @Serial
    private static final long serialVersionUID = 1L;
    static final int SLOTS = 64;
    private static final long USED = 0, FIRST_SLOT = 8;
    static final int NONE = 0, PROVISIONAL = 1, HOLDS = 2;
    private static final int PID_BITS = 22, STAMP_BITS = 18;
    private static final long ID_MASK = (1L << (PID_BITS + STAMP_BITS)) - 1;
    private static final int HOLD_SHIFT = PID_BITS + STAMP_BITS, TRANSIT_SHIFT = HOLD_SHIFT + 2;
    private static final long TRANSIT_MAX = (1L << (64 - TRANSIT_SHIFT)) - 1;

    /** This process's identity in slot words. */
    static final long ME = identity(Self.PID, Self.START_STAMP);

    EndHolders(ShmHeap heap) {
        super(heap.allocate(FIRST_SLOT + 8L * SLOTS));
    }

    /** The identity of a process: its pid and the low bits of its start stamp (0 when unknown). */
    static long identity(long pid, long startStamp) {
        if (pid <= 0 || pid >= 1L << PID_BITS) {
            throw new IllegalStateException("a pid this platform does not fit in a pipe's table: " + pid);
        }
        long stamp = startStamp <= 0 ? 0 : startStamp & ((1L << STAMP_BITS) - 1);
        return pid | stamp << PID_BITS;
    }

    private static long word(long identity, int hold, long transit) {
        return hold == NONE && transit == 0 ? 0 : identity | (long) hold << HOLD_SHIFT | transit << TRANSIT_SHIFT;
    }

    private static long id(long word) {
        return word & ID_MASK;
    }

    private static int hold(long word) {
        return (int) (word >>> HOLD_SHIFT) & 3;
    }

    private static long transit(long word) {
        return word >>> TRANSIT_SHIFT;
    }

    private long slot(int i) {
        return FIRST_SLOT + 8L * i;
    }

    /** Sets the hold of {@code identity}, claiming a slot for it if it has none. */
    void setHold(long identity, int hold) {
        while (true) {
            int i = find(identity);
            long w = i < 0 ? 0 : getLong(slot(i));
            long next = word(identity, hold, i < 0 ? 0 : transit(w));
            if (i < 0 ? next == 0 || claim(identity, next) : casLong(slot(i), w, next)) {
                return;
            }
        }
    }

    /**
     * Adds {@code delta} to the copies of this end that {@code identity} has in transit; never below 0 (a copy
     * received twice, or after a grant, settles nothing more).
     */
    void addTransit(long identity, int delta) {
        while (true) {
            int i = find(identity);
            if (i < 0 && delta < 0) {
                return;
            }
            long w = i < 0 ? 0 : getLong(slot(i));
            long t = Math.clamp(transit(w) + delta, 0, TRANSIT_MAX);
            long next = word(identity, i < 0 ? NONE : hold(w), t);
            if (i < 0 ? claim(identity, next) : casLong(slot(i), w, next)) {
                return;
            }
        }
    }

    /** The creator's provisional hold ends: another process ({@code receiver}) has the end now. */
    void releaseProvisional(long receiver) {
        for (int i = 0, used = getInt(USED); i < used; i++) {
            long w = getLong(slot(i));
            if (hold(w) == PROVISIONAL && id(w) != receiver) {
                casLong(slot(i), w, word(id(w), NONE, transit(w))); // lost to a concurrent change: it was not provisional then
            }
        }
    }

    /** The hold of {@code identity} here, {@link #NONE} if it has no slot. */
    int holdOf(long identity) {
        int i = find(identity);
        return i < 0 ? NONE : hold(getLong(slot(i)));
    }

    private int find(long identity) {
        for (int i = 0, used = getInt(USED); i < used; i++) {
            long w = getLong(slot(i));
            if (w != 0 && id(w) == identity) {
                return i;
            }
        }
        return -1;
    }

    /** Takes a free slot (or one whose process holds nothing, or is dead) for {@code word}. */
    private boolean claim(long identity, long word) {
        for (int i = 0; i < SLOTS; i++) {
            long w = getLong(slot(i));
            if ((w == 0 || hold(w) == NONE && transit(w) == 0 || isDead(id(w))) && casLong(slot(i), w, word)) {
                raiseUsed(i + 1);
                return true;
            }
        }
        if (find(identity) >= 0) {
            return false; // claimed meanwhile by another thread of ours: the caller retries on that slot
        }
        throw new IllegalStateException("a pipe end is held by more than " + SLOTS + " live processes at once");
    }

    private void raiseUsed(int n) {
        for (int u = getInt(USED); u < n && !casInt(USED, u, n); u = getInt(USED)) {
            Thread.onSpinWait();
        }
    }

    /** Whether the process of {@code identity} is gone (no such process, a zombie, or the pid reused). */
    static boolean isDead(long identity) {
        return Self.isDead(identity & ((1L << PID_BITS) - 1), identity >>> PID_BITS, STAMP_BITS);
    }

    /**
     * Whether some live process holds this end, or has a copy of it in transit. Liveness is read from
     * {@code /proc} at most once per {@code SLICE_NANOS} per caller ({@code seen}); in between a process not
     * known dead counts as alive.
     */
    boolean held(Liveness seen) {
        boolean due = seen.due();
        for (int i = 0, used = getInt(USED); i < used; i++) {
            long w = getLong(slot(i));
            if (w == 0) {
                continue;
            }
            long id = id(w);
            if (id == ME) {
                return true;
            }
            if (seen.knownDead(id) || due && seen.checkDead(id)) {
                casLong(slot(i), w, 0); // free the slot of a dead process; lost to a change, it is freed later
                continue;
            }
            return true;
        }
        return false;
    }

    /** What one reader knows of the holders' liveness: who is dead (for good), and when to look again. */
    static final class Liveness {
        private final Set<Long> dead = new HashSet<>();
        private long next;

        synchronized boolean due() {
            long now = System.nanoTime();
            if (next != 0 && now - next < 0) {
                return false;
            }
            next = now + SLICE_NANOS; // measured: a /proc look-up costs ~150 us, more than a whole round trip
            return true;
        }

        synchronized boolean checkDead(long identity) {
            if (dead.contains(identity)) {
                return true;
            }
            if (isDead(identity)) {
                dead.add(identity);
                return true;
            }
            return false;
        }

        synchronized boolean knownDead(long identity) {
            return dead.contains(identity);
        }
    }
}
