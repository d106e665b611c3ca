package dev.multiproc.internal.shm;

import dev.multiproc.Semaphore;

import java.io.Serial;
import java.time.Duration;

/**
 * Python's {@code Semaphore} and {@code BoundedSemaphore} on shared memory, which gives back the permits
 * of a process that dies while holding them.
 *
 * <pre>
 *   0           4           8           12          16                           16 + 16 * SLOTS
 *  +-----------+-----------+-----------+-----------+------------------------------+
 *  |  permits  |  waiters  | bound/-1  |  (unused) | holder slots, 16 B each      |
 *  +-----------+-----------+-----------+-----------+------------------------------+
 *  slot: [pid][permits held][start stamp: Self]
 * </pre>
 */
/*
 * Implementation notes.
 *
 * A waiter counts itself in `waiters` before it re-reads the permits, and a releaser adds the permit
 * before it reads `waiters`: either the waiter sees the permit or the releaser sees the waiter.
 * Holdings: an acquire adds one to its process's slot (claimed with a CAS on the pid); a release takes
 * one from its own slot, or from any slot when its process holds none (Python lets anyone release), so
 * the slots never count more than the permits out. A waiter that slept a whole slice looks for slots of
 * dead processes, marks one as being recovered with a CAS of its pid (one recoverer wins), takes its count
 * and gives those permits back, then frees the slot, its start stamp before its pid. Not
 * recovered: a process that died between taking a permit and counting it, or one that found all slots
 * taken by live processes (more than SLOTS processes holding permits at once).
 */
final class ShmSemaphore extends ShmObject implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long PERMITS = 0, WAITERS = 4, BOUND = 8, SLOTS_AT = 16, SLOT = 16;
    private static final int SLOTS = 32;
    private static final int RECOVERING = -1; // a slot's pid while one recoverer gives its permits back

    /** The semaphores this process counts permits in: it hands them over when it ends normally. */
    private static final java.util.Set<ShmSemaphore> COUNTED_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> COUNTED_HERE.forEach(ShmSemaphore::handOver),
                "multiproc-semaphores"));
    }

    private transient volatile long mySlot; // 0 until found: slots start after the header

    ShmSemaphore(ShmHeap heap, int permits, boolean bounded) {
        super(heap.allocate(SLOTS_AT + SLOT * SLOTS));
        setInt(BOUND, bounded ? permits : -1);
        setInt(PERMITS, permits);
    }

    @Override
    public void acquire() throws InterruptedException {
        take(Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        for (int p = getInt(PERMITS); p > 0; p = getInt(PERMITS)) {
            if (casInt(PERMITS, p, p - 1)) {
                countHeld(+1);
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(timeout.toNanos());
    }

    private boolean take(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = deadline(timeoutNanos);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        do {
            if (tryAcquire()) {
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < spinUntil);
        addInt(WAITERS, 1);
        Pace deathChecks = new Pace();
        try {
            while (!tryAcquire()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(PERMITS, 0, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (getInt(PERMITS) == 0 && deathChecks.due()) {
                    recoverFromDeadHolders();
                }
            }
            return true;
        } finally {
            addInt(WAITERS, -1);
        }
    }

    @Override
    public void release() {
        int bound = getInt(BOUND);
        for (int p = getInt(PERMITS); ; p = getInt(PERMITS)) {
            if (bound >= 0 && p >= bound) {
                throw new IllegalStateException("semaphore released too many times: bound=" + bound);
            }
            if (casInt(PERMITS, p, p + 1)) {
                break;
            }
        }
        countHeld(-1);
        if (getInt(WAITERS) > 0) {
            wake(PERMITS, 1);
        }
    }

    @Override
    public int availablePermits() {
        return getInt(PERMITS);
    }

    /** Adds to (or takes from) this process's slot; a release by a process holding none takes from any. */
    private void countHeld(int delta) {
        long own = ownSlot(delta > 0);
        if (own >= 0 && (delta > 0 || getInt(own + 4) > 0)) {
            addInt(own + 4, delta);
            return;
        }
        if (delta < 0) {
            for (int i = 0; i < SLOTS; i++) {
                long slot = SLOTS_AT + SLOT * i;
                for (int held = getInt(slot + 4); held > 0; held = getInt(slot + 4)) {
                    if (casInt(slot + 4, held, held - 1)) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * This process's slot, claimed if {@code claim} and none is; -1 if there is none. A claimed slot stays
     * this process's for its life (only dead processes' slots are freed), so it is looked up once.
     */
    private long ownSlot(boolean claim) {
        long known = mySlot;
        if (known > 0) {
            return known;
        }
        long found = findOrClaimSlot(claim);
        if (found > 0) {
            mySlot = found;
            COUNTED_HERE.add(this);
        }
        return found;
    }

    private long findOrClaimSlot(boolean claim) {
        long free = -1;
        for (int i = 0; i < SLOTS; i++) {
            long slot = SLOTS_AT + SLOT * i;
            int pid = getInt(slot);
            if (pid == Self.PID && getLong(slot + 8) == Self.START_STAMP) {
                return slot;
            }
            if (pid == 0 && free < 0) {
                free = slot;
            }
        }
        if (!claim || free < 0) {
            return -1;
        }
        if (casInt(free, 0, Self.PID)) {
            setLong(free + 8, Self.START_STAMP);
            return free;
        }
        return findOrClaimSlot(true); // another process claimed that one meanwhile
    }

    /**
     * This process ends normally (its shutdown hooks run): the permits it took stay taken, as in Python, where a
     * permit may be a signal that the process consumed; its slot is freed without giving them back.
     */
    private void handOver() {
        long slot = mySlot;
        if (slot > 0 && casInt(slot, Self.PID, RECOVERING)) {
            setInt(slot + 4, 0);
            setLong(slot + 8, 0); // before the pid, as in recoverFromDeadHolders
            setInt(slot, 0);
        }
    }

    private void recoverFromDeadHolders() {
        for (int i = 0; i < SLOTS; i++) {
            long slot = SLOTS_AT + SLOT * i;
            int pid = getInt(slot);
            if (pid <= 0 || pid == Self.PID || !Self.isDead(pid, getLong(slot + 8))) {
                continue;
            }
            if (!casInt(slot, pid, RECOVERING)) {
                continue; // another recoverer has it, or it changed meanwhile
            }
            int held = getAndSetInt(slot + 4, 0);
            setLong(slot + 8, 0); // before the pid: a process that claims the slot next never shows the dead stamp
            setInt(slot, 0); // the slot is free again
            if (held > 0) {
                addInt(PERMITS, held);
                wake(PERMITS, held);
                System.getLogger(ShmSemaphore.class.getName()).log(System.Logger.Level.WARNING,
                        "gave back " + held + " semaphore permit(s) of a process that died: pid=" + pid);
            }
        }
    }
}
