package dev.multiproc.cluster.internal.agent;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An agent's check of the calls it is asked to run: a call must carry a valid MAC made with the cluster secret
 * for this agent, be recent, and not have been run before. Only then is it decoded. An agent without a secret
 * (loopback only) decodes every call.
 */
/*
 * Implementation notes.
 *
 * Replays are refused per session with a sliding window of turns, as IPsec does: the highest turn seen and a
 * bitmap of the WINDOW turns below it. A driver's calls arrive out of order only by as many as it has in flight
 * at once (one per pool slot and worker), far fewer than WINDOW. A session is forgotten FORGET after its last
 * call; a call older than MAX_AGE is refused, so a session's recorded calls cannot be replayed once it has been
 * forgotten (MAX_AGE < FORGET). MAX_AGE also bounds the clock difference between hosts that is tolerated.
 */
final class CallGate {
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final long FORGET_MILLIS = 2 * MAX_AGE.toMillis();
    private static final int WINDOW = 4096;
    private static final long REPORT_MILLIS = 10_000;

    private final Secret secret;
    private final Supplier<UUID> self;
    private final Map<Session, Turns> sessions = new ConcurrentHashMap<>();
    private long opened; // counts opens, to forget old sessions now and then; races only delay that
    private long refusals; // guarded by this
    private long reportedMillis = Long.MIN_VALUE / 2; // guarded by this: when a refusal was last reported

    /**
     * @param secret the cluster secret, or {@code null} to accept every call
     * @param self this agent's member id (it changes when a member rejoins after a split)
     */
    CallGate(Secret secret, Supplier<UUID> self) {
        this.secret = secret;
        this.self = self;
    }

    /**
     * Checks a call and decodes it.
     *
     * @param sealed the call as it came
     * @return the call, to run
     * @throws SecurityException saying why the call is refused: nothing of it has been decoded
     */
    Calls.AgentCall<?> open(SealedCall sealed) {
        if (secret != null) {
            check(sealed, System.currentTimeMillis());
        }
        return SealedCall.decode(sealed.body());
    }

    private void check(SealedCall s, long now) {
        if (s.mac().length == 0) {
            throw refused("it carries no proof of the cluster secret (give the driver the agents' secret: "
                    + "ClusterOptions.withSecretFile)");
        }
        if (!MessageDigest.isEqual(s.mac(), secret.mac(s.header(self.get()), s.body()))) {
            throw refused("its MAC is wrong: made with another secret, for another agent, or altered");
        }
        if (Math.abs(now - s.issuedMillis()) > MAX_AGE.toMillis()) {
            throw refused("it was made " + (now - s.issuedMillis()) + " ms ago by the caller's clock (at most "
                    + MAX_AGE.toMillis() + " ms either way: are the hosts' clocks set?)");
        }
        if ((++opened & 1023) == 0) {
            sessions.values().removeIf(t -> t.idleSince(now) > FORGET_MILLIS);
        }
        Turns turns = sessions.computeIfAbsent(new Session(s.sessionHigh(), s.sessionLow()), k -> new Turns());
        if (!turns.first(s.turn(), now)) {
            throw refused("it was run before (a replay)");
        }
    }

    /**
     * The exception the caller gets; the agent's operator sees refusals on standard error, at most one line per
     * {@link #REPORT_MILLIS} (someone without the secret may send many).
     */
    private SecurityException refused(String why) {
        SecurityException e = new SecurityException("agent refused a call: " + why);
        long now = System.currentTimeMillis();
        synchronized (this) {
            refusals++;
            if (now - reportedMillis < REPORT_MILLIS) {
                return e;
            }
            reportedMillis = now;
            System.err.println("multiproc agent: refused " + refusals + " call(s) so far; the latest because " + why);
        }
        return e;
    }

    private record Session(long high, long low) {
    }

    /** The turns of one session seen lately. */
    private static final class Turns {
        private final long[] seen = new long[WINDOW / 64];
        private long highest = -1;
        private long lastMillis;

        /** Whether {@code turn} comes for the first time: it is then marked. */
        synchronized boolean first(long turn, long now) {
            lastMillis = now;
            if (turn > highest) {
                for (long t = Math.max(highest + 1, turn - WINDOW + 1); t < turn; t++) {
                    clear(t); // turns skipped over (still in flight) may come later
                }
                highest = turn;
                mark(turn);
                return true;
            }
            if (turn < 0 || highest - turn >= WINDOW || isMarked(turn)) {
                return false;
            }
            mark(turn);
            return true;
        }

        synchronized long idleSince(long now) {
            return now - lastMillis;
        }

        private void mark(long turn) {
            seen[(int) (turn % WINDOW) >>> 6] |= 1L << (turn & 63);
        }

        private void clear(long turn) {
            seen[(int) (turn % WINDOW) >>> 6] &= ~(1L << (turn & 63));
        }

        private boolean isMarked(long turn) {
            return (seen[(int) (turn % WINDOW) >>> 6] & (1L << (turn & 63))) != 0;
        }
    }
}
