package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Channel;
import dev.multiproc.cluster.internal.sync.Handle;
import dev.multiproc.internal.codec.MessageCodec;

import java.io.Serial;
import java.time.Duration;

/**
 * One end of a pipe on a cluster: two {@code IQueue}s, one per direction, and the ends' state in one entry
 * ({@link PipeState}). The end's owner is the JVM that used it last; when it leaves the cluster, the end is
 * closed and the peer's receive ends with {@link ConnectionClosedException} once drained.
 */
public final class ClusterConnection extends Handle implements Connection {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int side;
    private final boolean sends;
    private final boolean receives;
    private transient volatile boolean claimed;

    public ClusterConnection(Grid.Ref ref, String key, int side, boolean sends, boolean receives) {
        super(ref, key);
        this.side = side;
        this.sends = sends;
        this.receives = receives;
        claim();
    }

    private void claim() {
        if (!claimed) {
            update(PipeState.claim(side, self()));
            claimed = true;
        }
    }

    private Channel inbox() {
        return store().queue(key + "/to" + side, Integer.MAX_VALUE);
    }

    private Channel outbox() {
        return store().queue(key + "/to" + (1 - side), Integer.MAX_VALUE);
    }

    private PipeState state() {
        return update(PipeState.read());
    }

    /** Checks that this end may {@code what} and is open; returns the pipe's state, read once. */
    private PipeState requireOpen(boolean allowed, String what) {
        if (!allowed) {
            throw new IllegalStateException("this end only " + (sends ? "sends" : "receives"));
        }
        claim();
        PipeState s = state();
        if (s.closed(side)) {
            throw new IllegalStateException("connection is closed: cannot " + what);
        }
        return s;
    }

    @Override
    public void send(Object message) {
        byte[] bytes = MessageCodec.INSTANCE.encode(message); // fails here, naming the class: nothing sent
        if (requireOpen(sends, "send").closed(1 - side)) {
            throw new ConnectionClosedException("the other end is closed or its owner died: " + key);
        }
        outbox().offer(bytes); // unbounded: always taken
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() throws InterruptedException {
        requireOpen(receives, "recv");
        Channel in = inbox();
        byte[][] got = new byte[1][];
        in.changes().until(() -> (got[0] = in.poll()) != null || drainedAndPeerClosed(in), Long.MAX_VALUE);
        if (got[0] == null) {
            throw new ConnectionClosedException("the other end is closed or its owner died: " + key);
        }
        return (T) MessageCodec.INSTANCE.decode(got[0]);
    }

    /** Whether nothing more can come: the other end closed (or its owner died) and nothing is left to read. */
    private boolean drainedAndPeerClosed(Channel in) {
        return state().closed(1 - side) && in.size() == 0;
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        requireOpen(receives, "poll");
        Channel in = inbox();
        return in.changes().until(() -> in.size() > 0 || state().closed(1 - side), timeout.toNanos());
    }

    @Override
    public void close() {
        update(PipeState.close(side));
    }
}
