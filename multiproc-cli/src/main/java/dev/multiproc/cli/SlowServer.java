package dev.multiproc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A server on the loopback interface that answers each one-byte request after a fixed delay, as a remote
 * service would: what the I/O-bound row's tasks wait on. One virtual thread per connection.
 */
final class SlowServer implements AutoCloseable {
    /** Requests each client makes before the timed ones (class loading, JIT). */
    static final int WARM_UP_REQUESTS = 5;

    private final ServerSocket server;
    private final Duration delay;
    private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

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
                served.incrementAndGet();
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
