package dev.multiproc.cluster.internal.store;

import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import java.io.Serial;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Store} on Hazelcast Community Edition: every state is an entry of one {@link IMap}, updated by
 * an entry processor (atomic on the key's partition thread, replayed on the synchronous backup); watches are
 * key-bound entry listeners; queues are {@code IQueue}s.
 */
public final class HazelcastStore implements Store {
    /** The map that holds every primitive's state. */
    public static final String STATES = "multiproc.states";

    private final HazelcastInstance hz;
    private final IMap<String, State> states;
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
            Watch w = new Watch();
            states.addEntryListener(new Changes(w), k, false);
            return w;
        });
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
        hz.<String, State>getMap(STATES).executeOnEntries(new Reap(deadEndpoint));
    }

    /** An {@link Op} as an entry processor. */
    private record Apply<R>(Op<R> op) implements EntryProcessor<String, State, R> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public R process(Map.Entry<String, State> entry) {
            EntryCell cell = new EntryCell(entry);
            return op.apply(cell);
        }
    }

    private record Reap(String dead) implements EntryProcessor<String, State, Object> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, State> entry) {
            State before = entry.getValue();
            if (before != null) {
                State after = before.reap(dead);
                if (after != before) {
                    entry.setValue(after);
                }
            }
            return null;
        }
    }

    private record EntryCell(Map.Entry<String, State> entry) implements Op.Cell {
        @Override
        public State get() {
            return entry.getValue();
        }

        @Override
        public void set(State value) {
            entry.setValue(value); // null removes the entry
        }
    }

    private record Changes(Watch watch) implements EntryAddedListener<String, State>,
            EntryUpdatedListener<String, State>, EntryRemovedListener<String, State> {
        @Override
        public void entryAdded(EntryEvent<String, State> event) {
            watch.changed();
        }

        @Override
        public void entryUpdated(EntryEvent<String, State> event) {
            watch.changed();
        }

        @Override
        public void entryRemoved(EntryEvent<String, State> event) {
            watch.changed();
        }
    }
}
