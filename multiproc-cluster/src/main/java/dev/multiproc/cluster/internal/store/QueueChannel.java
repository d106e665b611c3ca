package dev.multiproc.cluster.internal.store;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An {@code IQueue} used without blocking calls. Its item listener is registered by the first wait in this
 * JVM, before that wait's next try, so producers that never wait receive no events.
 */
final class QueueChannel implements Channel, Watch.Presence {
    private final IQueue<byte[]> queue;
    private final Watch changes = new Watch(this);
    private final Registration listener;

    QueueChannel(IQueue<byte[]> queue) {
        this.queue = queue;
        this.listener = new Registration(() -> queue.addItemListener(new Items(changes), false));
    }

    @Override
    public boolean offer(byte[] item) {
        try {
            return Uninterruptible.call(() -> queue.offer(item));
        } catch (RuntimeException e) {
            throw Failures.translate("offer to queue " + queue.getName(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Within a timed wait ({@link Deadline}), gives up at the wait's deadline; an item taken by the call after
     * that is put back, at the tail (it is neither lost nor delivered twice, but it loses its place).
     */
    @Override
    public byte[] poll() {
        return bounded(queue::poll, item -> {
            if (item != null) {
                putBack(item);
            }
        });
    }

    /** {@inheritDoc} Within a timed wait, gives up at the wait's deadline. */
    @Override
    public int size() {
        return bounded(queue::size, late -> {
        });
    }

    /**
     * Makes a call that returns at once, or would if the part of the cluster that holds the queue answered:
     * outside a timed wait, here; within one, in a virtual thread waited for until the wait's deadline, after
     * which the wait gives up ({@link Deadline.Unanswered}) and the late result goes to {@code late}.
     */
    private <T> T bounded(Supplier<T> call, Consumer<T> late) {
        long left = Deadline.left();
        if (left == Long.MAX_VALUE) {
            try {
                return Uninterruptible.call(call);
            } catch (RuntimeException e) {
                throw Failures.translate("queue " + queue.getName(), e);
            }
        }
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(call, Deadline.CALLS);
        try {
            return Deadline.await(answer, "queue " + queue.getName());
        } catch (Deadline.Unanswered e) {
            answer.thenAccept(late);
            throw e;
        }
    }

    /** Puts an item taken too late back, at the tail; waits for room in a bounded queue. */
    private void putBack(byte[] item) {
        Thread.ofVirtual().name("multiproc-put-back").start(() -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HazelcastStore.SETTLE_MILLIS);
            while (System.nanoTime() - deadline < 0) {
                try {
                    if (queue.offer(item)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // the part of the cluster that holds the queue is still away: try again
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            System.err.println("multiproc: an item taken from " + queue.getName() + " after its wait gave up could "
                    + "not be put back");
        });
    }

    @Override
    public Watch changes() {
        return changes;
    }

    /** Listens to the queue from the first wait on; within a timed wait, gives up at its deadline. */
    @Override
    public void arrive() {
        listener.await();
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
