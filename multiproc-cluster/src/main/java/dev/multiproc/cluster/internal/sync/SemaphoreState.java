package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.State;

import java.io.Serial;
import java.util.HashMap;
import java.util.Map;

/**
 * A semaphore's permits and who holds them, by endpoint: when a JVM leaves the cluster its permits come back.
 * A release by a JVM that holds none takes a hold of another endpoint off the books (Python lets anyone
 * release), so that the books never count more holds than permits taken.
 *
 * @param permits available now
 * @param bound the highest count of a bounded semaphore, or -1
 * @param holds permits taken, by endpoint
 */
record SemaphoreState(int permits, int bound, Map<String, Integer> holds) implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What {@link #release(String)} returns when a bounded semaphore is full. */
    static final int FULL = -1;

    SemaphoreState {
        holds = Map.copyOf(holds);
    }

    @Override
    public State reap(String deadEndpoint) {
        Integer held = holds.get(deadEndpoint);
        if (held == null) {
            return this;
        }
        Map<String, Integer> left = new HashMap<>(holds);
        left.remove(deadEndpoint);
        int back = permits + held;
        return new SemaphoreState(bound >= 0 ? Math.min(bound, back) : back, bound, left);
    }

    static Op<Void> create(int permits, int bound) {
        return cell -> {
            cell.set(new SemaphoreState(permits, bound, Map.of()));
            return null;
        };
    }

    static Op<Boolean> acquire(String me) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (s.permits == 0) {
                return false;
            }
            Map<String, Integer> h = new HashMap<>(s.holds);
            h.merge(me, 1, Integer::sum);
            cell.set(new SemaphoreState(s.permits - 1, s.bound, h));
            return true;
        };
    }

    /** Gives a permit back; the new count, or {@link #FULL}. */
    static Op<Integer> release(String me) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (s.bound >= 0 && s.permits >= s.bound) {
                return FULL;
            }
            Map<String, Integer> h = new HashMap<>(s.holds);
            String from = h.containsKey(me) ? me : h.keySet().stream().sorted().findFirst().orElse(null);
            if (from != null) {
                h.computeIfPresent(from, (k, n) -> n > 1 ? n - 1 : null);
            }
            cell.set(new SemaphoreState(s.permits + 1, s.bound, h));
            return s.permits + 1;
        };
    }

    /** {@code me} ends normally: the permits it took stay taken (they are no longer its to give back). */
    static Op<Void> handOver(String me) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (s != null && s.holds.containsKey(me)) {
                Map<String, Integer> h = new HashMap<>(s.holds);
                h.remove(me);
                cell.set(new SemaphoreState(s.permits, s.bound, h));
            }
            return null;
        };
    }

    static Op<Integer> available() {
        return cell -> ((SemaphoreState) cell.get()).permits;
    }
}
