package dev.multiproc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on the loopback interface that answers each one-byte request after a fixed delay, as a remote
 * service would: what the I/O-bound row's tasks wait on. One virtual thread per connection.
 */
final class SlowServer implements AutoCloseable {
    /** Requests each client makes before the timed ones (class loading, JIT). */
    static final int WARM_UP_REQUESTS = 5;
    /** How often a waiter looks whether the count moved, between the wake-up at its target. */
    private static final Duration PROGRESS_CHECK = Duration.ofSeconds(1);

    private final ServerSocket server;
    private final Duration delay;
    private final AtomicInteger served = new AtomicInteger();
    /** The count {@link #awaitServed} waits for: an answer that reaches it wakes the waiter. */
    private volatile long awaited = Long.MAX_VALUE;

    SlowServer(Duration delay) throws IOException {
        this.delay = delay;
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("mpcompare-slow-server").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Requests answered so far. */
    int served() {
        return served.get();
    }

    /**
     * Waits until at least {@code n} requests have been answered in all, and returns at once when the answer that
     * makes {@code n} has been sent (no polling delay). It gives up only when the count stands still for
     * {@code stall}: a slow or busy machine answers later, which is no failure; clients that stopped asking are.
     * For one waiter at a time.
     *
     * @throws IllegalStateException if no request was answered for {@code stall}, naming the counts
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized void awaitServed(long n, Duration stall) throws InterruptedException {
        awaited = n; // before reading served: an answer counted after the read sees it and wakes this thread
        try {
            int seen = served.get();
            long progressAt = System.nanoTime();
            while (seen < n) {
                long left = progressAt + stall.toNanos() - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the slow server answered " + seen + " requests in all, not the "
                            + n + " awaited, and none in the last " + stall);
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, PROGRESS_CHECK.toNanos()));
                int now = served.get();
                if (now != seen) {
                    seen = now;
                    progressAt = System.nanoTime();
                }
            }
        } finally {
            awaited = Long.MAX_VALUE;
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            while (in.read() >= 0) {
                Thread.sleep(delay);
                out.write(1);
                out.flush();
                if (served.incrementAndGet() >= awaited) {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
