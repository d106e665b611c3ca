package dev.multiproc.cluster.internal.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;

import java.io.Serial;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The {@link Store} on Hazelcast Community Edition: every state is an entry of one {@link IMap}, updated by
 * an entry processor (atomic on the key's partition thread, replayed on the synchronous backup); watches are
 * key-bound entry listeners with a predicate; queues are states of the same map ({@link StoreQueue}).
 *
 * <p>An entry is a {@link Slot}: the state, the JVMs waiting on it, and whether the last update must wake
 * them. The listeners carry a predicate on that flag, evaluated where the entry lives, so an update that
 * nobody waits for sends no event: a lock taken and released without contention costs two operations, as
 * {@code IMap.lock/unlock} does.
 */
public final class HazelcastStore implements Store {
    /** The map that holds every primitive's state. */
    public static final String STATES = "multiproc.states";
    /** Copies of each state besides its owner's by default: enough for three agents. */
    public static final int DEFAULT_BACKUPS = 1;
    /** The most copies Hazelcast keeps of a map entry besides its owner's. */
    public static final int MAX_BACKUPS = 6;
    /** How long an update is sent again while the member that owns its key is dying. */
    static final long RETRY_MILLIS = 90_000;
    private static final long RETRY_PAUSE_MILLIS = 100;
    /** How long an update given up at a deadline is sent again, to learn whether it must be undone. */
    static final long SETTLE_MILLIS = 600_000;
    private static final long SETTLE_PAUSE_MILLIS = 1_000;

    private final HazelcastInstance hz;
    private final IMap<String, Slot> states;
    private final String self;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final OpenUpdates open = new OpenUpdates();
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
     * <p>When the caller's wait is interrupted (Hazelcast then drops the answer), or the member that owns the
     * key dies during the call, the update is sent again (for up to
     * {@link #RETRY_MILLIS}) under the same number: if it had been applied and its backup survived, the slot
     * answers with the recorded result instead of applying it twice.
     */
    @Override
    public <R> R update(String key, Op<R> op) {
        return update(key, op, null, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The update keeps its number when it is settled in the background, so a repeat of one that had landed is
     * answered, not applied twice.
     */
    @Override
    public <R> R tryUpdate(String key, Op<R> op, Function<? super R, Op<?>> undo) {
        return update(key, op, undo, true);
    }

    private <R> R update(String key, Op<R> op, Function<? super R, Op<?>> undo, boolean bounded) {
        OpenUpdates.Opened opened = open.open(key);
        Apply<R> apply = new Apply<>(op, self, opened.request(), opened.open());
        Attempts attempts = new Attempts();
        try {
            return send(key, apply, undo, bounded, attempts);
        } finally {
            if (!attempts.settling) {
                open.close(key, apply.request());
            }
        }
    }

    /** What the tries of one update did: whether one may have been applied, and whether a settler took it over. */
    private static final class Attempts {
        boolean mayHaveLanded;
        boolean settling;
    }

    private <R> R send(String key, Apply<R> apply, Function<? super R, Op<?>> undo, boolean bounded,
                       Attempts attempts) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        while (true) {
            try {
                return call(key, apply, bounded);
            } catch (Abandoned e) {
                attempts.mayHaveLanded = true;
                continue; // interrupted while waiting: the same number again is answered once, not applied twice
            } catch (Deadline.Unanswered e) {
                attempts.mayHaveLanded = true;
                giveUp(key, apply, undo, e.pending, attempts);
                throw e;
            } catch (RuntimeException e) {
                if (!MemberGone.orNoMajority(e) || System.nanoTime() - deadline > 0) {
                    throw Failures.translate("update of " + key, e);
                }
                // refused for want of a majority, or never sent: not applied; a member's death or a backup that
                // did not answer: maybe applied
                attempts.mayHaveLanded |= MemberGone.is(e) && !MemberGone.neverSent(e);
                if (bounded && Deadline.left() == 0) {
                    giveUp(key, apply, undo, null, attempts);
                    throw new Deadline.Unanswered(null);
                }
                pause(); // the cluster is settling: partitions move to the living
            }
        }
    }

    /**
     * A try given up at its wait's deadline: settled in the background if one of its attempts may land or have
     * landed and there is something to undo; else nothing follows it (a late landing of a read changes nothing).
     */
    private <R> void giveUp(String key, Apply<R> apply, Function<? super R, Op<?>> undo, CompletableFuture<?> pending,
                            Attempts attempts) {
        if (attempts.mayHaveLanded && undo != null) {
            attempts.settling = true; // the settler closes it
            settleLater(key, apply, undo, pending);
        }
    }

    /**
     * Waits between attempts. Not interruptible: the update's fate must be known before the caller goes on (the
     * interrupt stays set for the caller's next wait), and a set flag would end every pause at once.
     */
    private static void pause() {
        boolean interrupted = Thread.interrupted();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs an entry processor and waits for its result: within a timed wait, until that wait's deadline
     * ({@link Deadline}); then it throws {@link Deadline.Unanswered} with the answer still to come. A Hazelcast
     * client fails a call's future when the thread waiting on it is interrupted, and drops the answer that
     * comes later (it does so even for a thread that is interrupted before it waits, hence the flag is cleared
     * first). Such a call throws {@link Abandoned}, with the interrupt set again: its fate is unknown, and an
     * update is sent again.
     */
    private <R> R call(String key, EntryProcessor<String, Slot, R> processor, boolean bounded) {
        return Uninterruptible.call(() -> {
            long left = bounded ? Deadline.left() : Long.MAX_VALUE;
            if (left == Long.MAX_VALUE) {
                return callAndWait(key, processor);
            }
            CompletableFuture<R> answer = states.submitToKey(key, processor).toCompletableFuture();
            try {
                return answer.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new Deadline.Unanswered(answer);
            } catch (InterruptedException e) {
                throw Abandoned.now();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof InterruptedException) {
                    throw Abandoned.now();
                }
                throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
            }
        });
    }

    private <R> R call(String key, EntryProcessor<String, Slot, R> processor) {
        return call(key, processor, false);
    }

    /**
     * Runs an entry processor with Hazelcast's own synchronous call, which is answered on the thread that waits:
     * waiting on the call's future instead costs a hand-off to another thread, ~130 µs per call on 2 cores
     * (an update took 210-240 µs that way, 80-110 µs this way, a raw {@code IQueue.offer} 80-140 µs).
     */
    private <R> R callAndWait(String key, EntryProcessor<String, Slot, R> processor) {
        try {
            return states.executeOnKey(key, processor);
        } catch (RuntimeException e) {
            if (interruptedIn(e)) {
                throw Abandoned.now();
            }
            throw e;
        }
    }

    private static boolean interruptedIn(Throwable failure) {
        return MemberGone.causedBy(failure, InterruptedException.class) || Thread.currentThread().isInterrupted();
    }

    /**
     * Settles an update given up at a deadline, in the background: waits for its answer, or sends it again
     * under its number until it is answered (for up to {@link #SETTLE_MILLIS}), then applies {@code undo} of
     * the result. Nothing waits for this: the caller was told its try failed.
     */
    private <R> void settleLater(String key, Apply<R> apply, Function<? super R, Op<?>> undo,
                                 CompletableFuture<?> pending) {
        Thread.ofVirtual().name("multiproc-settle-" + key).start(() -> {
            Object[] answer = answered(key, apply, pending);
            open.close(key, apply.request());
            if (answer == null) {
                System.err.println("multiproc: an update of " + key + " given up at its deadline could not be settled in "
                        + SETTLE_MILLIS / 60_000 + " minutes; it may or may not have taken effect");
                return;
            }
            @SuppressWarnings("unchecked")
            R result = (R) answer[0];
            Op<?> reverse = result == null ? null : undo.apply(result);
            if (reverse != null) {
                try {
                    update(key, reverse);
                } catch (RuntimeException e) {
                    System.err.println("multiproc: could not undo an update of " + key + " given up at its deadline: " + e);
                }
            }
        });
    }

    /** The update's answer, as a one-element array; {@code null} if it could not be had in time. */
    private <R> Object[] answered(String key, Apply<R> apply, CompletableFuture<?> pending) {
        if (pending != null) {
            try {
                return new Object[] {pending.get()};
            } catch (InterruptedException | ExecutionException e) {
                // lost with its member or its connection: sent again below
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        while (System.nanoTime() - deadline < 0 && hz.getLifecycleService().isRunning()) {
            try {
                return new Object[] {call(key, apply)};
            } catch (RuntimeException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_PAUSE_MILLIS));
            }
        }
        return null;
    }

    /** A call whose answer Hazelcast dropped because its waiting thread was interrupted (the flag is set). */
    private static final class Abandoned extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        private Abandoned() {
            super(null, null, false, false);
        }

        static Abandoned now() {
            Thread.currentThread().interrupt();
            return new Abandoned();
        }
    }


    @Override
    public void remove(String key) {
        try {
            states.delete(key);
        } catch (RuntimeException e) {
            throw Failures.translate("removal of " + key, e);
        }
    }

    @Override
    public Watch watch(String key) {
        return watches.computeIfAbsent(key, k -> new Waiters(k, false).watch);
    }

    /**
     * How many waits, cluster-wide, have announced themselves on a key: for diagnostics and tests. (A queue's
     * waiters count once per JVM and again at each renewal, so for a queue it is not a number of threads.)
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

    /** How often a queue's waiter count is made again, in case the one made was lost with a member (tests shorten it). */
    static volatile long stickyRenewNanos = TimeUnit.SECONDS.toNanos(10);

    /** The name of the split-brain protection of {@link #STATES}: a majority of the agents. */
    static final String MAJORITY = "multiproc-majority";

    /**
     * The settings this store needs on every member: states kept as objects, since every operation on them
     * is an entry processor (no deserialization per operation); the backup-ack wait of {@link #BACKUP_ACK_MILLIS};
     * and, with {@code majority}, what keeps an acknowledged change through a network split. Clients fail an update
     * whose backup did not acknowledge it ({@link Grid}), and send it again under its number until one is; a member
     * that does not hear a majority of the agents refuses updates (so a side cut off acknowledges nothing once its
     * member alone holds the keys); and when the sides merge, the smaller side's states are discarded, since
     * every change acknowledged there was acknowledged by a member on the other side too.
     *
     * <p>Each state has {@code backups} copies besides its owner's, on other members, each acknowledged before
     * a change is: with more copies than half the members ({@code backups} at least half the agents, rounded
     * down), the larger side of any split, each of two equal halves, and the members left after {@code backups}
     * crash at once hold a copy of every state.
     *
     * @param config a member's configuration, changed in place
     * @param majority whether the member hears a majority of the agents, given the members it sees; {@code null}
     *        for members that are not agents (tests)
     * @param backups copies of each state besides its owner's, 1 to {@link #MAX_BACKUPS}
     * @return {@code config}
     */
    public static Config configure(Config config, SplitBrainProtectionFunction majority, int backups) {
        if (backups < 1 || backups > MAX_BACKUPS) {
            throw new IllegalArgumentException("backups must be 1 to " + MAX_BACKUPS + ": " + backups);
        }
        MapConfig states = config.getMapConfig(STATES).setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(backups);
        config.setProperty("hazelcast.operation.backup.timeout.millis", BACKUP_ACK_MILLIS);
        if (majority != null) {
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true)
                    .setFunctionImplementation(majority));
            states.setSplitBrainProtectionName(MAJORITY);
            states.getMergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName());
        }
        return config;
    }

    /**
     * As {@link #configure(Config, SplitBrainProtectionFunction, int)} for a member that is not an agent.
     *
     * @param config a member's configuration, changed in place
     * @param backups copies of each state besides its owner's
     * @return {@code config}
     */
    public static Config configure(Config config, int backups) {
        return configure(config, null, backups);
    }

    /**
     * This JVM's waiters of one key, counted in the key's slot. A sticky count (a queue's) is made by the first
     * wait and stays, renewed now and then, until this JVM leaves the cluster: a queue changes with nearly every
     * operation, and counting every wait in and out would cost two more operations per item taken by a waiting
     * consumer.
     */
    private final class Waiters implements Watch.Presence {

        private final String key;
        private final boolean sticky;
        private final Watch watch = new Watch(this);
        private final Registration listener;
        private volatile long countedAt;
        private volatile boolean counted;

        Waiters(String key, boolean sticky) {
            this.key = key;
            this.sticky = sticky;
            this.listener = new Registration(() -> states.addEntryListener(new Changes(watch), new Wakes(), key, false));
        }

        /**
         * Listens to the key from the first wait on (the listener stays: this JVM may wait again), then counts in;
         * within a timed wait, both give up at its deadline.
         */
        @Override
        public void arrive() {
            listener.await();
            if (sticky && counted && System.nanoTime() - countedAt < stickyRenewNanos) {
                return;
            }
            try {
                call(key, new Count(self, 1), true);
                countedAt = System.nanoTime();
                counted = true;
            } catch (Abandoned e) {
                // interrupted: the wait that follows throws, and its leave undoes a count that may have landed
            } catch (Deadline.Unanswered e) {
                throw e; // the wait gives up; its leave undoes a count that lands later
            } catch (RuntimeException e) {
                if (!MemberGone.orNoMajority(e)) {
                    throw Failures.translate("wait on " + key, e);
                }
                // the count may or may not have landed (its member left, or its backup did not answer): the wait
                // re-checks every slice, and its leave undoes a count that did
            }
        }

        /** A sticky count is made again every {@link #stickyRenewNanos}, also during one long wait. */
        @Override
        public void renew() {
            if (sticky && counted && System.nanoTime() - countedAt >= stickyRenewNanos) {
                arrive();
            }
        }

        @Override
        public void leave() {
            if (sticky) {
                return;
            }
            try {
                states.submitToKey(key, new Count(self, -1)); // asynchronous: a late leave costs a needless event
            } catch (RuntimeException e) {
                // this JVM's connection is gone: so is its count, reaped with its endpoint
            }
        }
    }

    @Override
    public Channel queue(String name, int capacity) {
        try {
            return channel(name, capacity);
        } catch (RuntimeException e) {
            throw Failures.translate("queue " + name, e);
        }
    }

    private Channel channel(String name, int capacity) {
        return queues.computeIfAbsent(name, n -> new StoreQueue(this, n, capacity,
                watches.computeIfAbsent(n, k -> new Waiters(k, true).watch)));
    }

    @Override
    public void destroyQueue(String name) {
        queues.remove(name);
        remove(name);
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
     * An {@link Op} as an entry processor; {@code request} numbers it among its endpoint's updates, and
     * {@code open} (sorted) lists the endpoint's updates of the key still open when it was made: the slot forgets
     * the endpoint's other earlier ones.
     */
    record Apply<R>(Op<R> op, String endpoint, long request, long[] open)
            implements EntryProcessor<String, Slot, R> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        @SuppressWarnings("unchecked")
        public R process(Map.Entry<String, Slot> entry) {
            Slot slot = Slot.of(entry);
            Slot.Done before = slot.find(endpoint, request);
            if (before != null) {
                // sent again: applied already. Its backup is sent again too (Hazelcast backs up every entry
                // processor, changed or not) and answered the same way there, so a repeat is acknowledged only once
                // a backup has it, as the first try was not
                return (R) before.result();
            }
            SlotCell cell = new SlotCell(slot.state());
            R result = op.apply(cell);
            if (cell.changed) {
                slot.with(cell.value, cell.wake).remember(new Slot.Done(endpoint, request, result), open).store(entry);
            }
            return result;
        }
    }

    /** Counts a waiter in or out. */
    record Count(String endpoint, int delta) implements EntryProcessor<String, Slot, Object> {
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
        private boolean wake;

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
            wake = true;
        }

        @Override
        public void setQuietly(State next) {
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
