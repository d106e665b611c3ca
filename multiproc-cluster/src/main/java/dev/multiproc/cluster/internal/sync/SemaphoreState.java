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
 * <p>The claim: a waiter for several permits that has to wait records who it is ({@code claimant}: its endpoint,
 * a space, its thread) and how many it needs; until it leaves, others take only permits beyond that count. One
 * claim at a time; a claimant's JVM that leaves the cluster drops it.
 *
 * @param permits available now
 * @param bound the highest count of a bounded semaphore, or -1
 * @param holds permits taken, by endpoint
 * @param claimant the waiter the claimed permits are kept for, or {@code null}
 * @param claimed how many permits are kept for it
 */
record SemaphoreState(int permits, int bound, Map<String, Integer> holds, String claimant, int claimed)
        implements State {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What {@link #release(String, int)} returns when a bounded semaphore is full. */
    static final int FULL = -1;

    SemaphoreState {
        holds = Map.copyOf(holds);
    }

    @Override
    public State reap(String deadEndpoint) {
        SemaphoreState s = claimedBy(deadEndpoint) ? withClaim(null, 0) : this;
        Integer held = holds.get(deadEndpoint);
        if (held == null) {
            return s;
        }
        Map<String, Integer> left = new HashMap<>(holds);
        left.remove(deadEndpoint);
        int back = permits + held;
        return new SemaphoreState(bound >= 0 ? Math.min(bound, back) : back, bound, left, s.claimant, s.claimed);
    }

    private boolean claimedBy(String endpoint) {
        return claimant != null && claimant.startsWith(endpoint + " ");
    }

    private SemaphoreState withClaim(String who, int count) {
        return new SemaphoreState(permits, bound, holds, who, count);
    }

    static Op<Void> create(int permits, int bound) {
        return cell -> {
            cell.set(new SemaphoreState(permits, bound, Map.of(), null, 0));
            return null;
        };
    }

    /**
     * Takes {@code n} permits if that many are free of another waiter's claim; otherwise, if {@code claim}
     * and no claim stands, claims them for {@code waiter} (its endpoint, a space, its thread).
     */
    static Op<Boolean> acquire(String me, String waiter, int n, boolean claim) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            int kept = s.claimant == null || s.claimant.equals(waiter) ? 0 : s.claimed;
            if (s.permits - kept < n) {
                if (claim && s.claimant == null) {
                    cell.set(s.withClaim(waiter, n));
                }
                return false;
            }
            Map<String, Integer> h = new HashMap<>(s.holds);
            h.merge(me, n, Integer::sum);
            boolean mine = waiter.equals(s.claimant);
            cell.set(new SemaphoreState(s.permits - n, s.bound, h, mine ? null : s.claimant, mine ? 0 : s.claimed));
            return true;
        };
    }

    /** {@code waiter} stops waiting: its claim, if it has one, is dropped. */
    static Op<Void> unclaim(String waiter) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (waiter.equals(s.claimant)) {
                cell.set(s.withClaim(null, 0));
            }
            return null;
        };
    }

    /** Gives {@code n} permits back; the new count, or {@link #FULL}. */
    static Op<Integer> release(String me, int n) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (s.bound >= 0 && s.permits > s.bound - n) {
                return FULL;
            }
            Map<String, Integer> h = new HashMap<>(s.holds);
            for (int left = n; left > 0 && !h.isEmpty(); ) {
                String from = h.containsKey(me) ? me : h.keySet().stream().sorted().findFirst().orElseThrow();
                int held = h.get(from);
                int taken = Math.min(held, left);
                left -= taken;
                if (held > taken) {
                    h.put(from, held - taken);
                } else {
                    h.remove(from);
                }
            }
            cell.set(new SemaphoreState(s.permits + n, s.bound, h, s.claimant, s.claimed));
            return s.permits + n;
        };
    }

    /** {@code me} ends normally: the permits it took stay taken (they are no longer its to give back). */
    static Op<Void> handOver(String me) {
        return cell -> {
            SemaphoreState s = (SemaphoreState) cell.get();
            if (s != null && s.holds.containsKey(me)) {
                Map<String, Integer> h = new HashMap<>(s.holds);
                h.remove(me);
                cell.set(new SemaphoreState(s.permits, s.bound, h, s.claimant, s.claimed));
            }
            return null;
        };
    }

    static Op<Integer> available() {
        return cell -> ((SemaphoreState) cell.get()).permits;
    }
}
