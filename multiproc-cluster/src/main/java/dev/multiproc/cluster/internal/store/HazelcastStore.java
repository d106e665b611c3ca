package dev.multiproc.cluster.internal.store;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
    /** How long an update is sent again while the member that owns its key is dying. */
    static final long RETRY_MILLIS = 30_000;
    private static final long RETRY_PAUSE_MILLIS = 100;
    /** How many recent updates a slot remembers, to answer one sent again after a member died. */
    static final int REMEMBERED = 32;

    private final HazelcastInstance hz;
    private final IMap<String, Slot> states;
    private final String self;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Channel> queues = new ConcurrentHashMap<>();

    public HazelcastStore(HazelcastInstance hz) {
        this.hz = hz;
        this.states = hz.getMap(STATES);
        this.self = hz.getLocalEndpoint().getUuid().toString();
    }

    @Override
    public String self() {
        return self;
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the member that owns the key dies during the call, the update is sent again (for up to
     * {@link #RETRY_MILLIS}) under the same number: if it had been applied and its backup survived, the slot
     * answers with the recorded result instead of applying it twice.
     */
    @Override
    public <R> R update(String key, Op<R> op) {
        Apply<R> apply = new Apply<>(op, self, requests.incrementAndGet());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        while (true) {
            try {
                return call(key, apply);
            } catch (RuntimeException e) {
                if (!ownerLost(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                // the cluster is settling: partitions move to the living. Not interruptible: the update's fate
                // must be known before the caller goes on (the interrupt stays set)
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS));
            }
        }
    }

    /**
     * Runs an entry processor and waits for its result without being interruptible: an interrupt must not
     * leave an update's fate unknown (Hazelcast's blocking call would throw and forget it). The interrupt
     * stays set for the caller's next wait.
     */
    private <R> R call(String key, EntryProcessor<String, Slot, R> processor) {
        try {
            return states.submitToKey(key, processor).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Whether a call failed because the member it went to left: its effect is unknown, sending it again is safe. */
    private static boolean ownerLost(Throwable e) {
        return e instanceof TargetDisconnectedException || e instanceof TargetNotMemberException
                || e instanceof IndeterminateOperationStateException || e.getCause() instanceof MemberLeftException;
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

    /**
     * An {@code IQueue} used without blocking calls. Its item listener is registered by the first wait in this
     * JVM, before that wait's next try, so producers that never wait receive no events.
     */
    private static final class QueueChannel implements Channel, Watch.Presence {
        private final IQueue<byte[]> queue;
        private final Watch changes = new Watch(this);
        private volatile boolean listening;

        QueueChannel(IQueue<byte[]> queue) {
            this.queue = queue;
        }

        @Override
        public boolean offer(byte[] item) {
            return uninterrupted(() -> queue.offer(item));
        }

        @Override
        public byte[] poll() {
            return uninterrupted(queue::poll);
        }

        @Override
        public int size() {
            return uninterrupted(queue::size);
        }

        @Override
        public boolean until(BooleanSupplier attempt, long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return attempt.getAsBoolean() || (nanos > 0 && changes.until(attempt, nanos));
        }

        @Override
        public synchronized void arrive() {
            if (!listening) {
                uninterrupted(() -> queue.addItemListener(new Items(changes), false));
                listening = true;
            }
        }

        @Override
        public void leave() {
            // the listener stays: this JVM is likely to wait on the queue again
        }
    }

    private record Items(Watch watch) implements ItemListener<byte[]> {
        @Override
        public void itemAdded(ItemEvent<byte[]> event) {
            watch.changed();
        }

        @Override
        public void itemRemoved(ItemEvent<byte[]> event) {
            watch.changed();
        }
    }

    /**
     * Runs a call that returns at once with the interrupt flag cleared, and sets it again after: Hazelcast would
     * throw on an interrupted caller and leave the call's fate unknown. The next wait sees the interrupt.
     */
    private static <R> R uninterrupted(Supplier<R> call) {
        boolean interrupted = Thread.interrupted();
        try {
            return call.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This JVM's waiters of one key, counted in the key's slot. */
    private final class Waiters implements Watch.Presence {
        private final String key;

        Waiters(String key) {
            this.key = key;
        }

        @Override
        public void arrive() {
            call(key, new Count(self, 1));
        }

        @Override
        public void leave() {
            states.submitToKey(key, new Count(self, -1)); // asynchronous: a late leave costs a needless event
        }
    }

    @Override
    public Channel queue(String name, int capacity) {
        return queues.computeIfAbsent(name, n -> {
            if (capacity != Integer.MAX_VALUE) { // a cluster-wide configuration: once, before the queue exists
                hz.getConfig().addQueueConfig(new QueueConfig(n).setMaxSize(capacity));
            }
            return new QueueChannel(hz.getQueue(n));
        });
    }

    @Override
    public void destroyQueue(String name) {
        queues.remove(name);
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
     * One entry: a primitive's state, the waiters by endpoint (waiting threads per JVM), whether this version
     * must be notified to them, and the latest updates that changed it, with their results (so that an update
     * sent again after a member died is answered, not applied twice).
     */
    record Slot(State state, Map<String, Integer> waiters, boolean wake, List<Done> done) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        static final Slot EMPTY = new Slot(null, Map.of(), false, List.of());

        Slot {
            waiters = Map.copyOf(waiters);
        }

        static Slot of(Map.Entry<String, Slot> entry) {
            Slot s = entry.getValue();
            return s == null ? EMPTY : s;
        }

        /** The slot with a new state; it wakes the waiters if there are any. */
        Slot with(State next) {
            return new Slot(next, waiters, !waiters.isEmpty(), done);
        }

        /** The slot with {@code delta} more waiters of {@code endpoint}; wakes nobody. */
        Slot count(String endpoint, int delta) {
            Map<String, Integer> w = new HashMap<>(waiters);
            w.merge(endpoint, delta, (a, b) -> a + b > 0 ? a + b : null);
            return new Slot(state, w, false, done);
        }

        /** The slot that remembers one more update's result, forgetting the oldest beyond {@link #REMEMBERED}. */
        Slot remember(Done update) {
            List<Done> d = new ArrayList<>(done.size() < REMEMBERED ? done : done.subList(1, done.size()));
            d.add(update);
            return new Slot(state, waiters, wake, List.copyOf(d));
        }

        /** The update's record if it was applied here already, else {@code null}. */
        Done find(String endpoint, long request) {
            for (Done d : done) {
                if (d.request() == request && d.endpoint().equals(endpoint)) {
                    return d;
                }
            }
            return null;
        }

        /** Writes this slot, or removes the entry when it holds nothing (a lost update record is harmless). */
        void store(Map.Entry<String, Slot> entry) {
            entry.setValue(state == null && waiters.isEmpty() ? null : this);
        }
    }

    /** An update that changed a slot: who sent it, its number there, and what it returned. */
    record Done(String endpoint, long request, Object result) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** An {@link Op} as an entry processor; {@code request} numbers it among its endpoint's updates. */
    record Apply<R>(Op<R> op, String endpoint, long request) implements EntryProcessor<String, Slot, R> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R process(Map.Entry<String, Slot> entry) {
            Slot slot = Slot.of(entry);
            Done before = slot.find(endpoint, request);
            if (before != null) {
                return (R) before.result(); // sent again: applied already, before a member died
            }
            SlotCell cell = new SlotCell(slot.state());
            R result = op.apply(cell);
            if (cell.changed) {
                slot.with(cell.value).remember(new Done(endpoint, request, result)).store(entry);
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
