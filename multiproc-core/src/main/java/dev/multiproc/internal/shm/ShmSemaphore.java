package dev.multiproc.internal.shm;

import dev.multiproc.Semaphore;
import dev.multiproc.internal.engine.Require;

import java.io.Serial;
import java.time.Duration;

/**
 * Python's {@code Semaphore} and {@code BoundedSemaphore} on shared memory, which gives back the permits
 * of a process that dies while holding them.
 *
 * <pre>
 *   0           4           8           12          16                       24                        24 + 16 * SLOTS
 *  +-----------+-----------+-----------+-----------+------------------------+-------------------------+
 *  |  permits  |  waiters  | bound/-1  |  (unused) | claim: [slot+1][count] | holder slots, 16 B each |
 *  +-----------+-----------+-----------+-----------+------------------------+-------------------------+
 *  slot: [pid][permits held][start stamp: Self]
 * </pre>
 */
/*
 * Implementation notes.
 *
 * A waiter counts itself in `waiters` before it re-reads the permits, and a releaser adds the permit
 * before it reads `waiters`: either the waiter sees the permit or the releaser sees the waiter.
 * Holdings: an acquire adds to its process's slot (claimed with a CAS on the pid); a release takes
 * from its own slot, or from any slot when its process holds none (Python lets anyone release), so
 * the slots never count more than the permits out. A waiter that slept a whole slice looks for slots of
 * dead processes, marks one as being recovered with a CAS of its pid (one recoverer wins), takes its count
 * and gives those permits back, then frees the slot, its start stamp before its pid. Not
 * recovered: a process that died between taking a permit and counting it, or one that found all slots
 * taken by live processes (more than SLOTS processes holding permits at once).
 *
 * The claim (acquire(n), n > 1): the first such waiter that has to sleep records, in one CAS, its process's
 * slot and the count it needs; others then take only permits beyond that count, so waiters for one permit
 * cannot starve it. One claim at a time. The claim names the slot, not the pid, so the robust slot
 * bookkeeping covers it: whoever frees a dead process's slot (or a process's own hand-over at exit) drops a
 * claim that names it. Within the process only the claiming thread knows it claims (a local flag), and it
 * drops the claim with a CAS of the exact word. While a claim stands, releases wake every waiter.
 */
final class ShmSemaphore extends ShmObject implements Semaphore {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long PERMITS = 0, WAITERS = 4, BOUND = 8, CLAIM = 16, SLOTS_AT = 24, SLOT = 16;
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
        take(1, Long.MAX_VALUE);
    }

    @Override
    public void acquire(int n) throws InterruptedException {
        Require.permits(n, getInt(BOUND));
        take(n, Long.MAX_VALUE);
    }

    @Override
    public boolean tryAcquire() {
        return takeNow(1, 0);
    }

    @Override
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return take(1, timeout.toNanos());
    }

    @Override
    public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
        Require.permits(n, getInt(BOUND));
        return take(n, timeout.toNanos());
    }

    /**
     * Takes {@code n} permits if that many are free of another waiter's claim.
     *
     * @param myClaim the claim word this thread holds, or 0
     */
    private boolean takeNow(int n, long myClaim) {
        while (true) {
            int p = getInt(PERMITS);
            long claim = getLong(CLAIM);
            int kept = claim == 0 || claim == myClaim ? 0 : (int) (claim >>> 32);
            if (p - kept < n) {
                return false;
            }
            if (casInt(PERMITS, p, p - n)) {
                countHeld(n);
                return true;
            }
        }
    }

    private boolean take(int n, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long deadline = deadline(timeoutNanos);
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        do {
            if (takeNow(n, 0)) {
                return true;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < spinUntil);
        addInt(WAITERS, 1);
        Pace deathChecks = new Pace();
        long myClaim = 0;
        try {
            while (true) {
                int p = getInt(PERMITS);
                if (takeNow(n, myClaim)) {
                    return true;
                }
                if (n > 1 && myClaim == 0) {
                    myClaim = claim(n);
                    continue; // with the claim, the permits there are may already be enough
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                await(PERMITS, p, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (deathChecks.due()) {
                    recoverFromDeadHolders();
                }
                if (myClaim != 0 && getLong(CLAIM) != myClaim) {
                    myClaim = 0; // dropped by a recoverer that took this process for dead: claim again
                }
            }
        } finally {
            addInt(WAITERS, -1);
            dropClaim(myClaim);
        }
    }

    /** Claims {@code n} permits as they come back; the claim word, or 0 if another claim stands or there is no slot. */
    private long claim(int n) {
        long slot = ownSlot(true);
        if (slot < 0) {
            return 0;
        }
        long word = ((long) n << 32) | slotNumber(slot);
        return casLong(CLAIM, 0, word) ? word : 0;
    }

    private static long slotNumber(long slot) {
        return (slot - SLOTS_AT) / SLOT + 1;
    }

    private void dropClaim(long myClaim) {
        if (myClaim != 0 && casLong(CLAIM, myClaim, 0)) {
            wake(PERMITS, Integer.MAX_VALUE); // what it kept may now serve others
        }
    }

    /** Drops a claim made by the process of {@code slot}, which is being freed. */
    private void dropClaimOf(long slot) {
        long claim = getLong(CLAIM);
        if ((claim & 0xffffffffL) == slotNumber(slot)) {
            dropClaim(claim);
        }
    }

    @Override
    public void release() {
        release(1);
    }

    @Override
    public void release(int n) {
        Require.permits(n, -1);
        int bound = getInt(BOUND);
        for (int p = getInt(PERMITS); ; p = getInt(PERMITS)) {
            if (bound >= 0 && p > bound - n) {
                throw new IllegalStateException("semaphore released too many times: bound=" + bound);
            }
            if (casInt(PERMITS, p, p + n)) {
                break;
            }
        }
        countHeld(-n);
        if (getInt(WAITERS) > 0) {
            wake(PERMITS, n == 1 && getLong(CLAIM) == 0 ? 1 : Integer.MAX_VALUE);
        }
    }

    @Override
    public int availablePermits() {
        return getInt(PERMITS);
    }

    /** Adds to (or takes from) this process's slot; a release beyond what this process holds takes from any. */
    private void countHeld(int delta) {
        long own = ownSlot(delta > 0);
        if (delta > 0) {
            if (own >= 0) {
                addInt(own + 4, delta);
            }
            return;
        }
        int left = -delta;
        if (own >= 0) {
            left -= takeHeld(own, left);
        }
        for (int i = 0; i < SLOTS && left > 0; i++) {
            left -= takeHeld(SLOTS_AT + SLOT * i, left);
        }
    }

    /** Takes up to {@code most} from a slot's count; how many it took. */
    private int takeHeld(long slot, int most) {
        for (int held = getInt(slot + 4); held > 0; held = getInt(slot + 4)) {
            int taken = Math.min(held, most);
            if (casInt(slot + 4, held, held - taken)) {
                return taken;
            }
        }
        return 0;
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
            dropClaimOf(slot);
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
            dropClaimOf(slot);
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
