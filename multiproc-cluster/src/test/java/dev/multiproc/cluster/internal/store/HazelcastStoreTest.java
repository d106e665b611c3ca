package dev.multiproc.cluster.internal.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.EmbeddedMembers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;

import static dev.multiproc.cluster.internal.store.Counting.increment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's own bookkeeping, on one in-JVM member: updates sent again are answered, not applied twice. */
@Timeout(60)
class HazelcastStoreTest {
    private static HazelcastInstance member;

    @BeforeAll
    static void up() {
        member = EmbeddedMembers.start("store", 1).getFirst();
    }

    @AfterAll
    static void down() {
        member.shutdown();
    }

    private static <R> HazelcastStore.Apply<R> apply(Op<R> op, String endpoint, long request, long... open) {
        return new HazelcastStore.Apply<>(op, endpoint, request, open);
    }

    @Test
    void update_sentAgainUnderSameNumber_answeredWithFirstResult() {
        IMap<String, Slot> states = member.getMap(HazelcastStore.STATES);
        String k = "k-" + UUID.randomUUID();
        var first = apply(increment(), "a", 1, 1);
        assertEquals(1, states.executeOnKey(k, first));
        assertEquals(1, states.executeOnKey(k, first), "the same update again: its recorded result");
        assertEquals(2, states.executeOnKey(k, apply(increment(), "b", 1, 1)),
                "the same number from another endpoint is another update");
        assertEquals(3, states.executeOnKey(k, apply(increment(), "a", 2, 2)));
    }

    @Test
    void slot_keepsWhatIsOpen_howeverBusyTheKey() {
        IMap<String, Slot> states = member.getMap(HazelcastStore.STATES);
        String k = "k-" + UUID.randomUUID();
        states.executeOnKey(k, apply(increment(), "b", 1, 1)); // b's update 1 stays open (sent again later)
        states.executeOnKey(k, apply(increment(), "a", 1, 1));
        for (int i = 2; i <= 200; i++) {
            states.executeOnKey(k, apply(increment(), "a", i, 1, i)); // a's own update 1 stays open too
        }
        assertEquals(3, states.get(k).done().size(), "b's 1, a's open 1 and a's latest: " + states.get(k).done());
        assertEquals(1, states.executeOnKey(k, apply(increment(), "b", 1, 1)), "b's repeat answered");
        assertEquals(2, states.executeOnKey(k, apply(increment(), "a", 1, 1)), "a's open repeat answered");
    }

    @Test
    void slot_forgetsWhatItsEndpointSettled_keepsWhatCameLater() {
        IMap<String, Slot> states = member.getMap(HazelcastStore.STATES);
        String k = "k-" + UUID.randomUUID();
        states.executeOnKey(k, apply(increment(), "a", 1, 1));
        states.executeOnKey(k, apply(increment(), "a", 3, 1, 2, 3)); // 2 is open, not landed yet
        states.executeOnKey(k, apply(increment(), "a", 2, 1, 2)); // lands after 3: keeps 3, made later
        assertEquals(3, states.get(k).done().size());
        states.executeOnKey(k, apply(increment(), "a", 4, 4)); // all earlier ones settled
        assertEquals(1, states.get(k).done().size(), "only the latest is kept: " + states.get(k).done());
    }

    @Test
    void queue_takesInOrder_andTheBoundAndSizeHold() {
        Store store = new HazelcastStore(member);
        Channel q = store.queue("q-" + UUID.randomUUID(), 2);
        assertTrue(q.offer(new byte[] {1}));
        assertTrue(q.offer(new byte[] {2}));
        assertEquals(false, q.offer(new byte[] {3}), "bounded at 2");
        assertEquals(2, q.size());
        assertEquals(1, q.poll()[0]);
        assertEquals(2, q.poll()[0]);
        assertEquals(null, q.poll());
        assertEquals(0, q.size());
    }

    /** A queue's waiter count lost (with a member, say) comes back within one long wait, not only at the next. */
    @Test
    void queueWaiterCount_lostDuringALongWait_isMadeAgain() throws Exception {
        long before = HazelcastStore.stickyRenewNanos;
        HazelcastStore.stickyRenewNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300);
        HazelcastStore store = new HazelcastStore(member);
        String name = "q-" + UUID.randomUUID();
        Channel q = store.queue(name, Integer.MAX_VALUE);
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                q.changes().until(() -> q.poll() != null, java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
            } catch (InterruptedException e) {
                // ends the wait
            }
        });
        try {
            long until = System.nanoTime() + 10_000_000_000L;
            while (store.waiting(name) == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(store.waiting(name) > 0, "the waiting JVM counted itself");
            IMap<String, Slot> states = member.getMap(HazelcastStore.STATES);
            states.executeOnKey(name, new HazelcastStore.Count(store.self(), -store.waiting(name))); // lost
            assertEquals(0, store.waiting(name));
            until = System.nanoTime() + 10_000_000_000L;
            while (store.waiting(name) == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(store.waiting(name) > 0, "counted again while the same wait goes on");
            assertTrue(consumer.isAlive(), "still in its first wait");
        } finally {
            HazelcastStore.stickyRenewNanos = before;
            consumer.interrupt();
            consumer.join(10_000);
        }
    }

    /** An update is not the caller's to abandon: an interrupted caller gets its result, and keeps its interrupt. */
    @Test
    void anInterruptedCallerGetsItsUpdateDone_andKeepsTheInterrupt() {
        Store store = new HazelcastStore(member);
        String k = "k-" + UUID.randomUUID();
        Thread.currentThread().interrupt();
        try {
            assertEquals(1, store.update(k, increment()));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(2, store.update(k, increment()), "applied once");
    }
}
