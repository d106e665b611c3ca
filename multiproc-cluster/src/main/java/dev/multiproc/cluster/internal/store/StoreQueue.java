package dev.multiproc.cluster.internal.store;

/**
 * A queue of encoded items in one key of the store ({@link QueueState}), used without blocking calls: a wait
 * happens in the caller's JVM on the key's {@link Watch}. A take within a timed wait gives up at the wait's
 * deadline, and an item it took after that is put back at the tail.
 */
final class StoreQueue implements Channel {
    private final Store store;
    private final String key;
    private final int capacity;
    private final Watch changes;

    StoreQueue(Store store, String key, int capacity, Watch changes) {
        this.store = store;
        this.key = key;
        this.capacity = capacity;
        this.changes = changes;
    }

    @Override
    public boolean offer(byte[] item) {
        return store.update(key, new QueueState.Offer(item, capacity));
    }

    @Override
    public byte[] poll() {
        return store.tryUpdate(key, QueueState.Take.INSTANCE, QueueState.PutBack::new);
    }

    @Override
    public int size() {
        return store.tryUpdate(key, QueueState.Size.INSTANCE, null);
    }

    @Override
    public Watch changes() {
        return changes;
    }
}
