package dev.multiproc.internal.shm;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Pipe;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.time.Duration;

/**
 * One end of a pipe on shared memory: it sends into one {@link ShmQueue} and receives from another (a
 * one-way end has only one of them). The pipe's state line records, per end, whether it is closed and
 * which process owns it (the last one it was deserialized in), so a receiver can tell that the other end
 * is gone.
 *
 * <pre>
 *   0              4              8            12           16                  24                  32
 *  +--------------+--------------+------------+------------+-------------------+-------------------+
 *  | left closed  | right closed | left pid   | right pid  | left start stamp  | right start stamp |
 *  +--------------+--------------+------------+------------+-------------------+-------------------+
 * </pre>
 */
final class ShmConnection extends ShmObject implements Connection {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long CLOSED = 0, PID = 8, START = 16, SIZE = 64;
    private static final Object NONE = new Object();

    private final int side; // 0 left, 1 right
    private final ShmQueue<Object> in;
    private final ShmQueue<Object> out;
    private transient long lastLivenessCheck = System.nanoTime();
    private transient volatile boolean otherEndDead; // once dead, always dead: a pid is not revived

    private ShmConnection(ShmHeap.Block state, int side, ShmQueue<Object> in, ShmQueue<Object> out) {
        super(state);
        this.side = side;
        this.in = in;
        this.out = out;
        own();
    }

    static Pipe pipe(ShmHeap heap, boolean duplex) {
        ShmHeap.Block state = heap.allocate(SIZE);
        ShmQueue<Object> toRight = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        if (!duplex) { // left receives, right sends
            return new Pipe(new ShmConnection(state, 0, toRight, null), new ShmConnection(state, 1, null, toRight));
        }
        ShmQueue<Object> toLeft = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        return new Pipe(new ShmConnection(state, 0, toLeft, toRight), new ShmConnection(state, 1, toRight, toLeft));
    }

    /** The process that deserializes an end owns it from then on. */
    @Serial
    private void readObject(ObjectInputStream stream) throws IOException, ClassNotFoundException {
        stream.defaultReadObject();
        lastLivenessCheck = System.nanoTime();
        own();
    }

    private void own() {
        setLong(START + 8L * side, Self.START_STAMP);
        setInt(PID + 4L * side, Self.PID);
    }

    private boolean otherEndGone() {
        int other = 1 - side;
        if (getInt(CLOSED + 4L * other) != 0) {
            return true;
        }
        if (otherEndDead) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastLivenessCheck < SLICE_NANOS) {
            return false; // measured: a /proc look-up costs ~150 us, more than a whole round trip
        }
        lastLivenessCheck = now;
        otherEndDead = Self.isDead(getInt(PID + 4L * other), getLong(START + 8L * other));
        return otherEndDead;
    }

    @Override
    public void send(Object message) {
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives");
        }
        requireOpen();
        if (otherEndGone()) {
            throw new ConnectionClosedException("the other end of the pipe is closed or its process died");
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
                throw new ConnectionClosedException("the other end of the pipe is closed or its process died");
            }
        }
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        requireReceiver();
        lastLivenessCheck = 0; // end of stream is an answer too: look at the other end now
        long deadline = deadline(timeout.toNanos());
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
        requireOpen();
    }

    private void requireOpen() {
        if (getInt(CLOSED + 4L * side) != 0) {
            throw new IllegalStateException("this end of the pipe is closed");
        }
    }

    @Override
    public void close() {
        setInt(CLOSED + 4L * side, 1);
    }
}
