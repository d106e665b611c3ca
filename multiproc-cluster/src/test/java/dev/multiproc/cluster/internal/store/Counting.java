package dev.multiproc.cluster.internal.store;

import java.io.Serial;

/** A state that counts the updates applied to it, for the store's tests. */
final class Counting {
    private Counting() {
    }

    /** The count, as a key's state. */
    record Counter(int n) implements State {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** An update that adds one to the key's count (a missing state counts as none) and answers the new count. */
    static Op<Integer> increment() {
        return cell -> {
            int next = cell.get() instanceof Counter c ? c.n() + 1 : 1;
            cell.set(new Counter(next));
            return next;
        };
    }
}
