package dev.multiproc.internal.shm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock word in one JVM: acquire and release, a holder recorded with its start stamp, and the takeover of a
 * holder that is dead, written into the word as a dead process would have left it.
 */
@Timeout(20)
class ShmMutexTest {
    private final ShmHeap heap = new ShmHeap();
    private final ShmLock lock = new ShmLock(heap);

    @AfterEach
    void close() {
        heap.close();
    }

    /** The pid of a process that has ended (and been reaped). */
    private static int deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return (int) p.pid();
    }

    @Test
    void lock_free_holdsWithThisPidAndStampUntilUnlock() {
        lock.lock();
        assertEquals(Self.PID, lock.holderPid());
        assertEquals(Self.START_STAMP, lock.getLong(ShmMutex.START));
        assertFalse(lock.previousOwnerDied());
        lock.unlock();
        assertFalse(lock.isLocked());
        assertEquals(0, lock.getLong(ShmMutex.START), "the stamp is cleared with the release");
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void tryLock_heldByDeadProcess_takenOverAndToldOwnerDied() throws Exception {
        int dead = deadPid();
        lock.setLong(ShmMutex.START, Self.startStamp(Self.PID)); // any stamp: the pid is gone
        lock.setInt(ShmMutex.WORD, dead);
        assertFalse(lock.tryLock(), "no waiting, no death check");
        assertTrue(lock.tryLock(2, TimeUnit.SECONDS), "a waiter finds the holder dead and takes over");
        assertTrue(lock.previousOwnerDied());
        assertEquals(Self.PID, lock.holderPid());
        lock.unlock();
        assertFalse(lock.previousOwnerDied());
    }

    @Test
    void tryLock_heldByLiveProcessWithNoStamp_notTakenOver() throws Exception {
        Process live = new ProcessBuilder("sleep", "30").start();
        try {
            lock.setInt(ShmMutex.WORD, (int) live.pid()); // a holder between its CAS and its stamp: trust the pid
            assertFalse(lock.tryLock(300, TimeUnit.MILLISECONDS), "a live holder keeps its lock");
        } finally {
            live.destroyForcibly();
        }
    }

    @Test
    void tryLock_liveHolderButStampOfAnotherProcess_takenOverAsReusedPid() throws Exception {
        Process live = new ProcessBuilder("sleep", "30").start();
        try {
            lock.setLong(ShmMutex.START, Self.START_STAMP + 12345); // the pid's earlier owner: it was reused
            lock.setInt(ShmMutex.WORD, (int) live.pid());
            assertTrue(lock.tryLock(2, TimeUnit.SECONDS), "a reused pid is told apart by its start stamp");
            assertTrue(lock.previousOwnerDied());
            lock.unlock();
        } finally {
            live.destroyForcibly();
        }
    }
}
