package dev.multiproc.cluster.internal.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.multiproc.cluster.internal.EmbeddedMembers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.cluster.internal.store.Counting.increment;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every state survives as many members lost at once as it has backups: with half the members (rounded down) as
 * backups, whichever half of a cluster is lost (a split's smaller side, two crashes), the members left hold a
 * copy of every state. With one backup, four members losing two lose the states whose two copies were on them
 * (about a sixth of them: 33 and 45 of 200 keys in two runs of this test with {@code backups = 1}).
 */
@Timeout(120)
class StoreBackupsTest {
    private static final int KEYS = 200;

    @Test
    void fourMembersTwoBackups_twoLostAtOnce_everyStateKept() throws Exception {
        List<HazelcastInstance> members = EmbeddedMembers.start("backups", 4, 2);
        try {
            IMap<String, Slot> states = members.getFirst().getMap(HazelcastStore.STATES);
            for (int k = 0; k < KEYS; k++) {
                states.executeOnKey("key-" + k, new HazelcastStore.Apply<>(increment(), "test", 1, new long[] {1}));
            }
            Thread[] losing = {lose(members.get(2)), lose(members.get(3))}; // at once: no time to copy again
            for (Thread t : losing) {
                t.join();
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((members.getFirst().getCluster().getMembers().size() != 2
                    || !members.getFirst().getPartitionService().isClusterSafe()) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            int lost = 0;
            for (int k = 0; k < KEYS; k++) {
                Object second = states.executeOnKey("key-" + k,
                        new HazelcastStore.Apply<>(increment(), "test", 2, new long[] {2}));
                lost += Integer.valueOf(1).equals(second) ? 1 : 0; // a fresh state: the old one was lost
            }
            assertEquals(0, lost, "states lost with two of four members");
        } finally {
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }

    private static Thread lose(HazelcastInstance member) {
        return Thread.ofPlatform().start(() -> member.getLifecycleService().terminate());
    }
}
