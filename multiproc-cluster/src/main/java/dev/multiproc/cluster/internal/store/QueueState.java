package dev.multiproc.cluster.internal.store;

import java.io.Serial;
import java.util.ArrayDeque;

/**
 * A cluster queue's items, kept in its key's slot like every other primitive's state, so that its puts and takes
 * are updates of the store: numbered, answered once when sent again, and acknowledged only with their backup.
 * The items are changed in place by the ops, which run where the slot lives and again on its backup (states are
 * kept as objects: copying the items on every op would cost their number). Deterministic, as ops must be. Java-serialized only when a
 * partition moves.
 */
final class QueueState implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();

    QueueState(int capacity) {
        this.capacity = capacity;
    }

    private static QueueState of(Op.Cell cell, int capacity) {
        return cell.get() instanceof QueueState q ? q : new QueueState(capacity);
    }

    /** Adds an item if there is room. */
    record Offer(byte[] item, int capacity) implements Op<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean apply(Op.Cell cell) {
            QueueState q = of(cell, capacity);
            if (q.items.size() >= q.capacity) {
                return false;
            }
            q.items.addLast(item);
            cell.set(q);
            return true;
        }
    }

    /** Takes the head item; {@code null} when there is none. */
    record Take() implements Op<byte[]> {
        @Serial
        private static final long serialVersionUID = 1L;
        static final Take INSTANCE = new Take();

        @Override
        public byte[] apply(Op.Cell cell) {
            if (!(cell.get() instanceof QueueState q) || q.items.isEmpty()) {
                return null;
            }
            byte[] head = q.items.pollFirst();
            if (q.capacity == Integer.MAX_VALUE) {
                cell.setQuietly(q); // only producers of a bounded queue wait for a take, never consumers
            } else {
                cell.set(q);
            }
            return head;
        }
    }

    /** Puts back, at the tail, an item taken by a try that had given up: it loses its place, not its delivery. */
    record PutBack(byte[] item) implements Op<Boolean> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean apply(Op.Cell cell) {
            QueueState q = of(cell, Integer.MAX_VALUE);
            q.items.addLast(item); // beyond the bound if it must: the item was accepted once
            cell.set(q);
            return true;
        }
    }

    /** How many items the queue holds. */
    record Size() implements Op<Integer> {
        @Serial
        private static final long serialVersionUID = 1L;
        static final Size INSTANCE = new Size();

        @Override
        public Integer apply(Op.Cell cell) {
            return cell.get() instanceof QueueState q ? q.items.size() : 0;
        }
    }
}
