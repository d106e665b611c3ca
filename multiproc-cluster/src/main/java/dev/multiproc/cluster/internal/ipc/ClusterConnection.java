package dev.multiproc.cluster.internal.ipc;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Channel;
import dev.multiproc.cluster.internal.sync.Handle;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Handoff;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.Waitable;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One end of a pipe on a cluster: two queues of the store, one per direction, and who holds each end in one entry
 * ({@link PipeState}). Closing an end releases this JVM's hold on it; the end is closed for its peer when no
 * JVM holds it (each that had it closed it or left the cluster), as between local processes.
 */
public final class ClusterConnection extends Handle implements Connection, Waitable {
    @Serial
    private static final long serialVersionUID = 2L;
    private static final String PEER_GONE = "the other end is closed in every JVM that held it, or they left: ";
    private static final Map<String, Local> LOCALS = new ConcurrentHashMap<>();

    private final int side;
    private final boolean sends;
    private final boolean receives;
    private transient Local local;

    /** This JVM's view of one end, shared by every copy of its handle here. */
    private static final class Local {
        volatile boolean closed; // closed here, and no copy received since
        volatile boolean firm; // this JVM's hold is firm: nothing to do on use
    }

    private ClusterConnection(Grid.Ref ref, String key, int side, boolean sends, boolean receives) {
        super(ref, key);
        this.side = side;
        this.sends = sends;
        this.receives = receives;
        this.local = LOCALS.computeIfAbsent(key + "/" + side, k -> new Local());
    }

    /** A new pipe under {@code key}: its creator, this JVM, holds both ends provisionally. */
    public static dev.multiproc.Pipe pipe(Grid.Ref ref, String key, boolean duplex) {
        // one-way: left receives, right sends (Python's Pipe(duplex=False) returns (reader, writer))
        ClusterConnection left = new ClusterConnection(ref, key, 0, duplex, true);
        ClusterConnection right = new ClusterConnection(ref, key, 1, true, duplex);
        left.update(PipeState.create(left.self()));
        return new dev.multiproc.Pipe(left, right);
    }

    /** A copy leaves this JVM: it is in transit, held for its receiver, until received (under its own token). */
    @Serial
    private void writeObject(ObjectOutputStream stream) throws IOException {
        stream.defaultWriteObject();
        String token = UUID.randomUUID().toString();
        update(PipeState.sent(side, self(), token));
        Handoff.record(new Transit(token));
        stream.writeUTF(token);
    }

    /** A copy arrives: this JVM holds the end from now on, and that copy is no longer in transit. */
    @Serial
    private void readObject(ObjectInputStream stream) throws IOException, ClassNotFoundException {
        stream.defaultReadObject();
        String token = stream.readUTF();
        local = LOCALS.computeIfAbsent(key + "/" + side, k -> new Local());
        synchronized (local) {
            local.closed = false;
            update(PipeState.received(side, self(), token));
            local.firm = true;
        }
    }

    /** Settles a copy serialized here, once its encoder knows where the bytes went. */
    private final class Transit implements Handoff.Transit {
        private final String token;

        Transit(String token) {
            this.token = token;
        }

        @Override
        public void grant(long pid, boolean givenAway) {
            // a worker on an agent: its JVM settles the copy when it reads its task; the end was given away
            // if it went alone, and the driver settles the copy when the worker ends, in case it never read it
            if (givenAway) {
                update(PipeState.givenAway(side));
            }
        }

        @Override
        public void cancel() {
            update(PipeState.settled(side, token)); // this copy only: a worker's end settles nobody else's
        }

        @Override
        public Object handle() {
            return key + "/" + side;
        }

        @Override
        public Object partner() {
            return key + "/" + (1 - side);
        }
    }

    private Channel inbox() {
        return store().queue(key + "/to" + side, Integer.MAX_VALUE);
    }

    private Channel outbox() {
        return store().queue(key + "/to" + (1 - side), Integer.MAX_VALUE);
    }

    /** Whether the peer's end is closed; within a timed poll, a read that gives up counts as "not known gone". */
    private boolean peerGone() {
        return !tryUpdate(PipeState.read(), null).held(1 - side);
    }

    /** Checks that this end may {@code what} and is open here; makes this JVM's hold firm on its first use. */
    private void use(boolean allowed, String what) {
        if (!allowed) {
            throw new IllegalStateException("this end only " + (sends ? "sends" : "receives"));
        }
        Local l = local;
        if (l.closed) {
            throw new IllegalStateException("connection is closed: cannot " + what);
        }
        if (!l.firm) {
            synchronized (l) {
                if (!l.closed) {
                    update(PipeState.use(side, self()));
                    l.firm = true;
                }
            }
        }
    }

    @Override
    public void send(Object message) {
        byte[] bytes = MessageCodec.INSTANCE.encode(message); // fails here, naming the class: nothing sent
        use(sends, "send");
        if (peerGone()) {
            throw new ConnectionClosedException(PEER_GONE + key);
        }
        outbox().offer(bytes); // unbounded: always taken
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() throws InterruptedException {
        use(receives, "recv");
        Channel in = inbox();
        byte[][] got = new byte[1][];
        in.changes().until(() -> (got[0] = in.poll()) != null || drainedAndPeerGone(in), Long.MAX_VALUE);
        if (got[0] == null) {
            throw new ConnectionClosedException(PEER_GONE + key);
        }
        return (T) MessageCodec.INSTANCE.decode(got[0]);
    }

    /** Whether nothing more can come: nobody holds the other end and nothing is left to read. */
    private boolean drainedAndPeerGone(Channel in) {
        return peerGone() && in.size() == 0;
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        use(receives, "poll");
        Channel in = inbox();
        return in.changes().until(() -> in.size() > 0 || peerGone(), timeout.toNanos());
    }

    @Override
    public Waitable.Watching watch(Bell bell) {
        use(receives, "poll");
        Waitable.Watching messages = inbox().changes().ring(bell);
        Waitable.Watching closes = store().watch(key).ring(bell); // the pipe's state: its ends' holders
        return () -> {
            messages.close();
            closes.close();
        };
    }

    @Override
    public void close() {
        Local l = local;
        synchronized (l) {
            if (!l.closed) {
                l.closed = true;
                l.firm = false;
                update(PipeState.close(side, self()));
            }
        }
    }
}
