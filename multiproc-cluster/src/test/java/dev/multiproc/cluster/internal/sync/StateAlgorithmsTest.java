package dev.multiproc.cluster.internal.sync;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.cluster.internal.EmbeddedMembers;
import dev.multiproc.cluster.internal.store.HazelcastStore;
import dev.multiproc.cluster.internal.store.Store;
import dev.multiproc.cluster.internal.store.Watch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry-processor algorithms against a cluster of three members in this JVM: the ops run where the key
 * lives and on its backup, and reaping runs over every entry, as the agents run it when an endpoint leaves.
 * Endpoints "a" and "b" stand for two JVMs.
 */
@Timeout(120)
class StateAlgorithmsTest {
    private static final List<HazelcastInstance> MEMBERS = new ArrayList<>();
    private static HazelcastStore store;

    @BeforeAll
    static void cluster() {
        MEMBERS.addAll(EmbeddedMembers.start("states", 3));
        store = new HazelcastStore(MEMBERS.get(0));
    }

    @AfterAll
    static void down() {
        MEMBERS.forEach(HazelcastInstance::shutdown);
    }

    private static String key() {
        return "test/" + UUID.randomUUID();
    }

    private static void reap(String endpoint) {
        HazelcastStore.reap(MEMBERS.get(1), endpoint); // from another member than the store's
    }

    @Test
    void mutex_holderReaped_freeAndNextHolderToldOwnerDied() {
        String k = key();
        assertTrue(store.update(k, MutexState.acquire("a", 1, 1, false)));
        assertFalse(store.update(k, MutexState.acquire("b", 1, 1, false)));
        reap("b"); // not the holder: nothing changes
        assertFalse(store.update(k, MutexState.acquire("b", 1, 1, false)));
        reap("a");
        assertTrue(store.update(k, MutexState.acquire("b", 1, 1, false)));
        assertTrue(store.update(k, MutexState.read()).ownerDied());
        assertEquals(1, store.update(k, MutexState.release("a", 9, false, false)), "Python's Lock: anyone releases");
        assertFalse(store.update(k, MutexState.read()).ownerDied(), "unlock clears the flag");
        assertEquals(0, store.update(k, MutexState.release("a", 9, false, false)), "release of an unlocked lock");
    }

    @Test
    void rlock_sameThreadAgain_countsHolds() {
        String k = key();
        assertTrue(store.update(k, MutexState.acquire("a", 1, 1, true)));
        assertTrue(store.update(k, MutexState.acquire("a", 1, 2, true)));
        assertFalse(store.update(k, MutexState.acquire("a", 2, 1, true)), "another thread of the same JVM");
        assertEquals(0, store.update(k, MutexState.release("b", 1, true, false)), "not the owner");
        assertEquals(3, store.update(k, MutexState.release("a", 1, true, true)), "a condition releases all");
        assertNull(store.update(k, MutexState.read()).owner());
    }

    @Test
    void semaphore_claimKeepsPermitsForTheClaimant_untilItsJvmIsReaped() {
        String k = key();
        store.update(k, SemaphoreState.create(1, -1));
        assertFalse(store.update(k, SemaphoreState.acquire("c", "c 7", 3, true)), "3 of 1: claims them");
        store.update(k, SemaphoreState.release("a", 1));
        assertFalse(store.update(k, SemaphoreState.acquire("b", "b 1", 1, false)), "2 of the 3 claimed: kept");
        store.update(k, SemaphoreState.release("a", 1));
        assertTrue(store.update(k, SemaphoreState.acquire("c", "c 7", 3, true)), "the claimant takes all 3");
        store.update(k, SemaphoreState.release("a", 2));
        assertFalse(store.update(k, SemaphoreState.acquire("c", "c 7", 3, true)), "claims again");
        assertFalse(store.update(k, SemaphoreState.acquire("b", "b 1", 1, false)));
        reap("c");
        assertTrue(store.update(k, SemaphoreState.acquire("b", "b 1", 1, false)), "the claim left with its JVM");
    }

    @Test
    void semaphore_holderReaped_permitsBackWithinBound() {
        String k = key();
        store.update(k, SemaphoreState.create(2, 2));
        assertTrue(store.update(k, SemaphoreState.acquire("a", "a 1", 1, false)));
        assertTrue(store.update(k, SemaphoreState.acquire("a", "a 1", 1, false)));
        assertFalse(store.update(k, SemaphoreState.acquire("b", "b 1", 1, false)));
        reap("a");
        assertEquals(2, store.update(k, SemaphoreState.available()));
        assertEquals(SemaphoreState.FULL, store.update(k, SemaphoreState.release("b", 1)), "bounded");
        assertTrue(store.update(k, SemaphoreState.acquire("a", "a 1", 1, false)));
        assertEquals(2, store.update(k, SemaphoreState.release("b", 1)), "a release by another endpoint counts");
        reap("a");
        assertEquals(2, store.update(k, SemaphoreState.available()), "its hold was taken off the books: no extra permit");
    }

    @Test
    void barrier_waiterReaped_breaksThenResets() {
        String k = key();
        store.update(k, BarrierState.create(3));
        long first = store.update(k, BarrierState.arrive("a", false));
        long second = store.update(k, BarrierState.arrive("b", false));
        assertEquals(2, (int) (first >>> 32));
        assertEquals(1, (int) (second >>> 32));
        int gen = (int) first;
        assertEquals(BarrierState.WAITING, store.update(k, BarrierState.check(gen)));
        assertEquals(0L, store.update(k, BarrierState.arrive("c", false)) >>> 32);
        assertEquals(0, store.update(k, BarrierState.check(gen)), "tripped");
        int next = (int) (long) store.update(k, BarrierState.arrive("a", false));
        reap("a");
        assertEquals(BarrierState.BROKEN, store.update(k, BarrierState.check(next)));
        assertEquals((long) BarrierState.BROKEN, store.update(k, BarrierState.arrive("b", false)), "broken until reset");
        store.update(k, BarrierState.reset());
        assertEquals(2L, store.update(k, BarrierState.arrive("b", false)) >>> 32);
    }

    @Test
    void condition_signalledWaiterReaped_signalPassesToNext() {
        String k = key();
        store.update(k, ConditionState.enter(1, "a"));
        store.update(k, ConditionState.enter(2, "b"));
        store.update(k, ConditionState.signal(1));
        assertTrue(store.update(k, ConditionState.isSignalled(1)));
        assertFalse(store.update(k, ConditionState.isSignalled(2)));
        reap("a"); // died before consuming its signal
        assertTrue(store.update(k, ConditionState.isSignalled(2)), "no signal is lost to a dead waiter");
        assertTrue(store.update(k, ConditionState.leave(2)));
        assertNull(MEMBERS.get(2).getMap(HazelcastStore.STATES).get(k), "an empty condition leaves no entry");
    }

    @Test
    void update_nobodyWaiting_notNotified() throws Exception {
        String k = key();
        Watch watch = store.watch(k);
        waitForTheLock(k, watch, "b"); // this JVM now listens to the key, and nobody waits any more
        assertEquals(1, store.update(k, MutexState.release("b", 1, false, false)));
        while (store.waiting(k) > 0) { // the waiter's leave is asynchronous
            Thread.sleep(10);
        }
        long before = watch.version();
        for (int i = 0; i < 20; i++) { // nobody waits: these must send no event
            assertTrue(store.update(k, MutexState.acquire("a", 1, 1, false)));
            assertEquals(1, store.update(k, MutexState.release("a", 1, false, false)));
        }
        waitForTheLock(k, watch, "c");
        while (watch.version() == before) { // events of one key arrive in order: the 40 above came before
            Thread.sleep(10);
        }
        assertTrue(watch.version() - before < 10, "updates nobody waited for were notified: " + (watch.version() - before));
    }

    /** Takes the lock for "a", lets {@code endpoint} wait for it through {@code watch}, and hands it over. */
    private static void waitForTheLock(String k, Watch watch, String endpoint) throws Exception {
        assertTrue(store.update(k, MutexState.acquire("a", 1, 1, false)));
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return watch.until(() -> store.update(k, MutexState.acquire(endpoint, 1, 1, false)), Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (store.waiting(k) == 0) {
            Thread.sleep(10);
        }
        assertEquals(1, store.update(k, MutexState.release("a", 1, false, false)));
        assertTrue(waiter.get());
    }
}
