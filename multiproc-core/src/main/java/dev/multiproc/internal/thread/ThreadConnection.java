package dev.multiproc.internal.thread;

import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Connection;
import dev.multiproc.Pipe;

import java.io.Serial;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** One end of a pipe of the thread engines: two {@link ThreadQueue}s and a closed flag per end. */
final class ThreadConnection implements Connection {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Duration SLICE = Duration.ofMillis(20);
    private static final Object NONE = new Object();

    private final ThreadQueue<Object> in;
    private final ThreadQueue<Object> out;
    private final AtomicBoolean closed;
    private final AtomicBoolean otherClosed;

    private ThreadConnection(ThreadQueue<Object> in, ThreadQueue<Object> out, AtomicBoolean closed,
                             AtomicBoolean otherClosed) {
        this.in = in;
        this.out = out;
        this.closed = closed;
        this.otherClosed = otherClosed;
    }

    static Pipe pipe(boolean duplex) {
        AtomicBoolean leftClosed = new AtomicBoolean(), rightClosed = new AtomicBoolean();
        ThreadQueue<Object> toRight = new ThreadQueue<>(Integer.MAX_VALUE, false);
        if (!duplex) {
            return new Pipe(new ThreadConnection(toRight, null, leftClosed, rightClosed),
                    new ThreadConnection(null, toRight, rightClosed, leftClosed));
        }
        ThreadQueue<Object> toLeft = new ThreadQueue<>(Integer.MAX_VALUE, false);
        return new Pipe(new ThreadConnection(toLeft, toRight, leftClosed, rightClosed),
                new ThreadConnection(toRight, toLeft, rightClosed, leftClosed));
    }

    @Override
    public void send(Object message) {
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives");
        }
        requireOpen();
        if (otherClosed.get()) {
            throw new ConnectionClosedException("the other end of the pipe is closed");
        }
        out.offer(message); // unbounded: never refuses
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() throws InterruptedException {
        requireReceiver();
        while (true) {
            Object m = pollOnce();
            if (m != NONE) {
                return (T) m;
            }
            if (otherClosed.get() && in.isEmpty()) {
                throw new ConnectionClosedException("the other end of the pipe is closed");
            }
        }
    }

    private Object pollOnce() throws InterruptedException {
        return in.pollOr(SLICE, NONE);
    }

    @Override
    public boolean poll(Duration timeout) throws InterruptedException {
        requireReceiver();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (in.isEmpty() && !otherClosed.get()) {
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
        requireOpen();
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this end of the pipe is closed");
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
