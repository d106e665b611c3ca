package dev.multiproc.internal.shm;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Pipe;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Handoff;
import dev.multiproc.internal.engine.Waitable;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One end of a pipe on shared memory: it sends into one {@link ShmQueue} and receives from another (a
 * one-way end has only one of them). Each end has a table of the processes that hold it ({@link EndHolders});
 * an end is closed for its peer when no live process holds it.
 */
/*
 * Implementation notes.
 *
 * The rules (Connection's javadoc states them for users):
 *   - the creating process holds both ends provisionally; using an end (send, recv, poll) makes a hold firm;
 *   - serializing an end counts a copy in transit for the sender; deserializing it gives the receiver a
 *     hold and settles that copy;
 *   - a worker's start grants its task's ends to the child at once (Handoff), so a child that dies before
 *     it read its task releases them by dying; an end it got without its other end is given away: the
 *     creator's provisional hold on it ends, so a parent that never used or closed the end it passed on
 *     still sees that worker's close or death;
 *   - close() releases this process's hold (copies in transit stay counted); a dead process holds nothing.
 * Per process, the state of an end lives in one Local object shared by every copy of the handle there, and
 * changes of this process's slot happen under its monitor, so a process never takes two slots.
 */
final class ShmConnection implements Connection, Waitable {
    @Serial
    private static final long serialVersionUID = 2L;
    private static final Object NONE = new Object();
    private static final long SLICE_NANOS = ShmObject.SLICE_NANOS;
    private static final Map<String, Local> LOCALS = new ConcurrentHashMap<>();

    private final int side; // 0 left, 1 right
    private final ShmQueue<Object> in;
    private final ShmQueue<Object> out;
    private final EndHolders mine;
    private final EndHolders peer;
    private transient Local local;

    /** This process's view of one end, shared by every copy of its handle here. */
    private static final class Local {
        final String heapPrefix;
        final EndHolders.Liveness peerLiveness = new EndHolders.Liveness();
        volatile boolean closed; // closed here, and no copy received since
        volatile boolean firm; // this process's hold is a firm one: nothing to do on use

        Local(String heapPrefix) {
            this.heapPrefix = heapPrefix;
        }
    }

    private ShmConnection(int side, ShmQueue<Object> in, ShmQueue<Object> out, EndHolders mine, EndHolders peer,
                          String heapPrefix) {
        this.side = side;
        this.in = in;
        this.out = out;
        this.mine = mine;
        this.peer = peer;
        this.local = LOCALS.computeIfAbsent(mine.key(), k -> new Local(heapPrefix));
        mine.setHold(EndHolders.ME, EndHolders.PROVISIONAL);
    }

    static Pipe pipe(ShmHeap heap, boolean duplex) {
        EndHolders left = new EndHolders(heap), right = new EndHolders(heap);
        ShmQueue<Object> toRight = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        String prefix = heap.prefix();
        if (!duplex) { // left receives, right sends
            return new Pipe(new ShmConnection(0, toRight, null, left, right, prefix),
                    new ShmConnection(1, null, toRight, right, left, prefix));
        }
        ShmQueue<Object> toLeft = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        return new Pipe(new ShmConnection(0, toLeft, toRight, left, right, prefix),
                new ShmConnection(1, toRight, toLeft, right, left, prefix));
    }

    /** Forgets this process's state of the ends of a heap that closed. */
    static void forget(String heapPrefix) {
        LOCALS.values().removeIf(l -> l.heapPrefix.equals(heapPrefix));
    }

    /** A copy leaves this process: it counts as in transit, held for its receiver, until received. */
    @Serial
    private void writeObject(ObjectOutputStream stream) throws IOException {
        stream.defaultWriteObject();
        boolean granted = Handoff.grantsOnArrival();
        synchronized (local) {
            mine.addTransit(EndHolders.ME, 1);
        }
        Handoff.record(new Transit());
        stream.writeLong(EndHolders.ME);
        stream.writeBoolean(granted);
    }

    /** A copy arrives: this process holds the end from now on, and the copy is no longer in transit. */
    @Serial
    private void readObject(ObjectInputStream stream) throws IOException, ClassNotFoundException {
        stream.defaultReadObject();
        long sender = stream.readLong();
        boolean granted = stream.readBoolean();
        local = LOCALS.computeIfAbsent(mine.key(), k -> new Local(""));
        synchronized (local) {
            local.closed = false;
            mine.setHold(EndHolders.ME, EndHolders.HOLDS); // first: the end is never without a holder
            local.firm = true;
            if (!granted) {
                mine.addTransit(sender, -1);
            }
        }
    }

    /** Settles a copy serialized here, once its encoder knows where the bytes went. */
    private final class Transit implements Handoff.Transit {
        @Override
        public void grant(long pid, boolean givenAway) {
            long child = EndHolders.identity(pid, Self.stampOf(pid));
            synchronized (local) {
                mine.setHold(child, EndHolders.HOLDS); // first: the end is never without a holder
                mine.addTransit(EndHolders.ME, -1);
                if (givenAway) {
                    mine.releaseProvisional(child);
                }
            }
        }

        @Override
        public Object handle() {
            return mine.key();
        }

        @Override
        public Object partner() {
            return peer.key();
        }

        @Override
        public void cancel() {
            synchronized (local) {
                mine.addTransit(EndHolders.ME, -1);
            }
        }
    }

    private boolean otherEndGone() {
        return !peer.held(local.peerLiveness);
    }

    @Override
    public void send(Object message) {
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives");
        }
        use();
        if (otherEndGone()) {
            throw new ConnectionClosedException("the other end of the pipe is closed in every process, or they died");
        }
        try {
            out.put(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() throws InterruptedException {
        requireReceiver();
        while (true) {
            Object m = in.pollOr(SLICE_NANOS, NONE);
            if (m != NONE) {
                return (T) m;
            }
            if (otherEndGone() && in.isEmpty()) {
                throw new ConnectionClosedException("the other end of the pipe is closed in every process, or they died");
            }
        }
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        requireReceiver();
        long deadline = ShmObject.deadline(timeout.toNanos());
        while (true) {
            long left = deadline - System.nanoTime();
            if (in.awaitItem(Math.min(left, SLICE_NANOS)) || otherEndGone()) {
                return true;
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    private void requireReceiver() {
        if (in == null) {
            throw new IllegalStateException("this end of a one-way pipe only sends");
        }
        use();
    }

    /** Checks that this end is open here, and makes this process's hold firm on its first use. */
    private void use() {
        Local l = local;
        if (l.closed) {
            throw new IllegalStateException("this end of the pipe is closed");
        }
        if (!l.firm) {
            synchronized (l) {
                if (!l.closed) {
                    mine.setHold(EndHolders.ME, EndHolders.HOLDS);
                    l.firm = true;
                }
            }
        }
    }

    @Override
    public void close() {
        Local l = local;
        synchronized (l) {
            if (!l.closed) {
                l.closed = true;
                l.firm = false;
                mine.setHold(EndHolders.ME, EndHolders.NONE);
                if (out != null) {
                    out.wakeConsumers(); // the peer's waitForAny sees the close now, not a slice later
                }
            }
        }
    }

    @Override
    public Waitable.Watching watch(Bell bell) {
        requireReceiver();
        return in.watch(bell);
    }
}
