package dev.multiproc.cluster.internal.store;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;

import java.util.function.Supplier;

/**
 * An {@code IQueue} used without blocking calls. Its item listener is registered by the first wait in this
 * JVM, before that wait's next try, so producers that never wait receive no events.
 */
final class QueueChannel implements Channel, Watch.Presence {
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
    public Watch changes() {
        return changes;
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
     * (The store's entry processors wait on an asynchronous call instead; {@code IQueue} has none.)
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
}
