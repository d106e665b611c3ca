package dev.multiproc.cluster.internal.store;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;


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
        return Uninterruptible.call(() -> queue.offer(item));
    }

    @Override
    public byte[] poll() {
        return Uninterruptible.call(queue::poll);
    }

    @Override
    public int size() {
        return Uninterruptible.call(queue::size);
    }

    @Override
    public Watch changes() {
        return changes;
    }

    @Override
    public synchronized void arrive() {
        if (!listening) {
            Uninterruptible.retrying(() -> queue.addItemListener(new Items(changes), false));
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
}
