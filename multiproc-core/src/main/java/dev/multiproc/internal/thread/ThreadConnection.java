package dev.multiproc.internal.thread;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Pipe;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Waitable;

import java.io.Serial;
import java.time.Duration;

/**
 * One end of a pipe of the thread engines: two {@link ThreadQueue}s, and per end the holders that have it
 * ({@link ThreadEnd}), so that closing an end in one worker does not close it for another.
 */
final class ThreadConnection implements Connection, Waitable {
    @Serial
    private static final long serialVersionUID = 2L;
    private static final Duration SLICE = Duration.ofMillis(20);
    private static final Object NONE = new Object();
    private static final String PEER_GONE = "the other end of the pipe is closed by every holder, or they ended";

    private final ThreadQueue<Object> in;
    private final ThreadQueue<Object> out;
    private final ThreadEnd mine;
    private final ThreadEnd peer;

    private ThreadConnection(ThreadQueue<Object> in, ThreadQueue<Object> out, ThreadEnd mine, ThreadEnd peer) {
        this.in = in;
        this.out = out;
        this.mine = mine;
        this.peer = peer;
    }

    static Pipe pipe(boolean duplex) {
        EndHolder creator = EndHolder.current();
        ThreadEnd left = new ThreadEnd(creator), right = new ThreadEnd(creator);
        ThreadQueue<Object> toRight = new ThreadQueue<>(Integer.MAX_VALUE, false);
        if (!duplex) {
            return new Pipe(new ThreadConnection(toRight, null, left, right),
                    new ThreadConnection(null, toRight, right, left));
        }
        ThreadQueue<Object> toLeft = new ThreadQueue<>(Integer.MAX_VALUE, false);
        return new Pipe(new ThreadConnection(toLeft, toRight, left, right),
                new ThreadConnection(toRight, toLeft, right, left));
    }

    /** {@code holder} received this end (its task captured it) and holds it from now on. */
    void grant(EndHolder holder, boolean givenAway) {
        mine.grant(holder, givenAway);
    }

    /** Whether {@code other} is the other end of this end's pipe. */
    boolean isPartnerOf(ThreadConnection other) {
        return other.mine == peer;
    }

    /** This end was put in a queue or pipe by {@code sender}: held for its receiver until taken. */
    void sent(EndHolder sender) {
        mine.sent(sender);
    }

    /** A copy sent by {@code sender} was taken by the calling thread's holder, or never left ({@code taken} false). */
    void received(EndHolder sender, boolean taken) {
        mine.received(sender, taken ? EndHolder.current() : null);
    }

    @Override
    public void send(Object message) {
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives");
        }
        mine.use(EndHolder.current());
        if (!peer.held()) {
            throw new ConnectionClosedException(PEER_GONE);
        }
        out.offer(message); // unbounded: never refuses
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() throws InterruptedException {
        requireReceiver();
        while (true) {
            Object m = in.pollOr(SLICE, NONE);
            if (m != NONE) {
                return (T) m;
            }
            if (!peer.held() && in.isEmpty()) {
                throw new ConnectionClosedException(PEER_GONE);
            }
        }
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        requireReceiver();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (in.isEmpty() && peer.held()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void requireReceiver() {
        if (in == null) {
            throw new IllegalStateException("this end of a one-way pipe only sends");
        }
        mine.use(EndHolder.current());
    }

    @Override
    public void close() {
        mine.close(EndHolder.current());
    }

    @Override
    public Waitable.Watching watch(Bell bell) {
        requireReceiver();
        Waitable.Watching items = in.watch(bell);
        Waitable.Watching closes = peer.closes.add(bell);
        return () -> {
            items.close();
            closes.close();
        };
    }
}
