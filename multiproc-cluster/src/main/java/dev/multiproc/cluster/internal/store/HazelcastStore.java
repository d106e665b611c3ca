package dev.multiproc.cluster.internal.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;

import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Store} on Hazelcast Community Edition: every state is an entry of one {@link IMap}, updated by
 * an entry processor (atomic on the key's partition thread, replayed on the synchronous backup); watches are
 * key-bound entry listeners; queues are {@code IQueue}s.
 *
 * <p>An entry is a {@link Slot}: the state, the JVMs waiting on it, and whether the last update must wake
 * them. The listeners carry a predicate on that flag, evaluated where the entry lives, so an update that
 * nobody waits for sends no event: a lock taken and released without contention costs two operations, as
 * {@code IMap.lock/unlock} does.
 */
public final class HazelcastStore implements Store {
    /** The map that holds every primitive's state. */
    public static final String STATES = "multiproc.states";

    private final HazelcastInstance hz;
    private final IMap<String, Slot> states;
    private final String self;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    public HazelcastStore(HazelcastInstance hz) {
        this.hz = hz;
        this.states = hz.getMap(STATES);
        this.self = hz.getLocalEndpoint().getUuid().toString();
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public <R> R update(String key, Op<R> op) {
        return states.executeOnKey(key, new Apply<>(op));
    }

    @Override
    public void remove(String key) {
        states.delete(key);
    }

    @Override
    public Watch watch(String key) {
        return watches.computeIfAbsent(key, k -> {
            Watch w = new Watch(new Waiters(k));
            states.addEntryListener(new Changes(w), new Wakes(), k, false);
            return w;
        });
    }

    /**
     * How many threads, cluster-wide, have announced that they wait on a key: for diagnostics and tests.
     *
     * @param key the key
     * @return the count
     */
    public int waiting(String key) {
        Slot s = states.get(key);
        return s == null ? 0 : s.waiters().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * How long an update waits for its backup's acknowledgement (Hazelcast's default is 5 s). An update whose
     * backup lived on a member that just died waits that long; that was most of the time a dead holder's lock
     * took to come back (5.0 s measured, ClusterDeathTest). A late ack is not an error: the update stands.
     */
    public static final String BACKUP_ACK_MILLIS = "1000";

    /**
     * The settings this store needs on every member: states kept as objects, since every operation on them
     * is an entry processor (no deserialization per operation; states are immutable records), and the
     * backup-ack wait of {@link #BACKUP_ACK_MILLIS}.
     *
     * @param config a member's configuration, changed in place
     * @return {@code config}
     */
    public static Config configure(Config config) {
        config.getMapConfig(STATES).setInMemoryFormat(InMemoryFormat.OBJECT);
        config.setProperty("hazelcast.operation.backup.timeout.millis", BACKUP_ACK_MILLIS);
        return config;
    }

    /** This JVM's waiters of one key, counted in the key's slot. */
    private final class Waiters implements Watch.Presence {
        private final String key;

        Waiters(String key) {
            this.key = key;
        }

        @Override
        public void arrive() {
            states.executeOnKey(key, new Count(self, 1));
        }

        @Override
        public void leave() {
            states.submitToKey(key, new Count(self, -1)); // asynchronous: a late leave costs a needless event
        }
    }

    @Override
    public BlockingQueue<byte[]> queue(String name, int capacity) {
        if (capacity != Integer.MAX_VALUE) {
            hz.getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(capacity));
        }
        return hz.getQueue(name);
    }

    @Override
    public void destroyQueue(String name) {
        hz.getQueue(name).destroy();
    }

    /**
     * Runs {@link State#reap(String)} on every state: what agents do when an endpoint leaves. Idempotent, so
     * every agent that notices may run it.
     *
     * @param hz a member or client of the cluster
     * @param deadEndpoint the uuid of the member or client that left
     */
    public static void reap(HazelcastInstance hz, String deadEndpoint) {
        hz.<String, Slot>getMap(STATES).executeOnEntries(new Reap(deadEndpoint));
    }

    /**
     * One entry: a primitive's state, the waiters by endpoint (waiting threads per JVM), and whether this
     * version must be notified to them.
     */
    record Slot(State state, Map<String, Integer> waiters, boolean wake) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static final Slot EMPTY = new Slot(null, Map.of(), false);

        Slot {
            waiters = Map.copyOf(waiters);
        }

        static Slot of(Map.Entry<String, Slot> entry) {
            Slot s = entry.getValue();
            return s == null ? EMPTY : s;
        }

        /** The slot with a new state; it wakes the waiters if there are any. */
        Slot with(State next) {
            return new Slot(next, waiters, !waiters.isEmpty());
        }

        /** The slot with {@code delta} more waiters of {@code endpoint}; wakes nobody. */
        Slot count(String endpoint, int delta) {
            Map<String, Integer> w = new HashMap<>(waiters);
            w.merge(endpoint, delta, (a, b) -> a + b > 0 ? a + b : null);
            return new Slot(state, w, false);
        }

        /** Writes this slot, or removes the entry when it holds nothing. */
        void store(Map.Entry<String, Slot> entry) {
            entry.setValue(state == null && waiters.isEmpty() ? null : this);
        }
    }

    /** An {@link Op} as an entry processor. */
    private record Apply<R>(Op<R> op) implements EntryProcessor<String, Slot, R> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public R process(Map.Entry<String, Slot> entry) {
            Slot slot = Slot.of(entry);
            SlotCell cell = new SlotCell(slot.state());
            R result = op.apply(cell);
            if (cell.changed) {
                slot.with(cell.value).store(entry);
            }
            return result;
        }
    }

    /** Counts a waiter in or out. */
    private record Count(String endpoint, int delta) implements EntryProcessor<String, Slot, Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, Slot> entry) {
            Slot.of(entry).count(endpoint, delta).store(entry);
            return null;
        }
    }

    private record Reap(String dead) implements EntryProcessor<String, Slot, Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, Slot> entry) {
            Slot before = entry.getValue();
            if (before == null) {
                return null;
            }
            Slot after = before;
            Integer waiting = before.waiters().get(dead);
            if (waiting != null) {
                after = after.count(dead, -waiting);
            }
            State reaped = before.state() == null ? null : before.state().reap(dead);
            if (reaped != before.state()) {
                after = after.with(reaped);
            }
            if (after != before) {
                after.store(entry);
            }
            return null;
        }
    }

    /** The state during one {@link Op}: written back only if the op set it. */
    private static final class SlotCell implements Op.Cell {
        private State value;
        private boolean changed;

        SlotCell(State value) {
            this.value = value;
        }

        @Override
        public State get() {
            return value;
        }

        @Override
        public void set(State next) {
            value = next;
            changed = true;
        }
    }

    /** The listeners' filter, run where the entry lives: only versions that must wake a waiter. */
    private record Wakes() implements Predicate<String, Slot> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public boolean apply(Map.Entry<String, Slot> entry) {
            return entry.getValue() != null && entry.getValue().wake();
        }
    }

    private record Changes(Watch watch) implements EntryAddedListener<String, Slot>,
            EntryUpdatedListener<String, Slot>, EntryRemovedListener<String, Slot> {
        @Override
        public void entryAdded(EntryEvent<String, Slot> event) {
            watch.changed();
        }

        @Override
        public void entryUpdated(EntryEvent<String, Slot> event) {
            watch.changed();
        }

        @Override
        public void entryRemoved(EntryEvent<String, Slot> event) {
            watch.changed();
        }
    }
}
