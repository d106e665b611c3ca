package dev.multiproc.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A socket channel in non-blocking mode seen as blocking streams, plus a way to wait until it is readable
 * without reading: what lets one thread watch a link while others may read it.
 *
 * <p>The input is for one reading thread at a time (the caller's lock); {@link #awaitReadable()} is for one
 * watching thread, which may wait while another thread reads. The output is for one writing thread at a
 * time. Each role waits on a selector of its own, so none of them blocks another's wait.
 */
final class PolledChannel implements AutoCloseable {
    private static final int BUFFER = 1 << 16;

    private final SocketChannel channel;
    private final Selector readable; // the reader's, when a frame is partly in
    private final Selector watched;  // the watcher's
    private final Selector writable; // the writer's, when the socket buffer is full
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private boolean ended;

    PolledChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.readable = register(SelectionKey.OP_READ);
        this.watched = register(SelectionKey.OP_READ);
        this.writable = register(SelectionKey.OP_WRITE);
    }

    private Selector register(int ops) throws IOException {
        Selector s = Selector.open();
        channel.register(s, ops);
        return s;
    }

    /** Whether bytes, or end-of-stream, can be read without waiting: one non-blocking read at most. */
    boolean ready() throws IOException {
        if (!buffer.hasRemaining() && !ended) {
            fill();
        }
        return buffer.hasRemaining() || ended;
    }

    /** Waits until the channel is readable (or closed); spurious returns are allowed. Reads nothing. */
    void awaitReadable() throws IOException {
        watched.select();
        watched.selectedKeys().clear();
    }

    /** Makes a thread waiting in {@link #awaitReadable()} return (or the next one that calls it). */
    void wakeWatcher() {
        watched.wakeup();
    }

    private void fill() throws IOException {
        buffer.compact();
        try {
            if (channel.read(buffer) < 0) {
                ended = true;
            }
        } finally {
            buffer.flip();
        }
    }

    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return awaitBytes() ? buffer.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!awaitBytes()) {
                    return -1;
                }
                int n = Math.min(len, buffer.remaining());
                buffer.get(b, off, n);
                return n;
            }

            @Override
            public int available() throws IOException {
                ready();
                return buffer.remaining();
            }
        };
    }

    /** Waits for buffered bytes; {@code false} at end-of-stream. */
    private boolean awaitBytes() throws IOException {
        while (!buffer.hasRemaining()) {
            if (ended) {
                return false;
            }
            fill();
            if (!buffer.hasRemaining() && !ended) {
                readable.select();
                readable.selectedKeys().clear();
            }
        }
        return true;
    }

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
                while (bytes.hasRemaining()) {
                    if (channel.write(bytes) == 0) {
                        writable.select(); // the peer is behind: wait for room
                        writable.selectedKeys().clear();
                    }
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        try (readable; watched; writable) {
            channel.close();
        }
    }
}
