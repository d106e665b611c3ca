package dev.multiproc.internal.process;

import dev.multiproc.WorkerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Frames cross whole, and a corrupt frame is rejected instead of half-read. */
@Timeout(20)
class ControlLinkTest {
    private Path dir;
    private ServerSocketChannel server;
    private SocketChannel raw;
    private ControlLink reader;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("multiproc-linktest-");
        Path socket = dir.resolve("s");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        raw = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        reader = new ControlLink(server.accept());
    }

    @AfterEach
    void close() throws IOException {
        reader.close();
        raw.close();
        server.close();
        LinkServer.deleteTree(dir);
    }

    @Test
    void frames_roundTrip_whole() throws IOException {
        ControlLink writer = new ControlLink(raw);
        writer.send(new Frame.Hello("tok", 42));
        writer.send(new Frame.Task("w", new byte[] {1, 2, 3}));
        Throwable t = new IllegalStateException("boom", new IOException("io"));
        writer.send(new Frame.Failure(ControlLink.describe(t)));
        writer.send(new Frame.Signaled(15));
        writer.send(new Frame.Exiting());

        assertEquals(new Frame.Hello("tok", 42), reader.receive());
        assertArrayEquals(new byte[] {1, 2, 3}, ((Frame.Task) reader.receive()).payload());
        WorkerException e = ControlLink.rebuild(((Frame.Failure) reader.receive()).exception());
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertEquals("java.io.IOException", ((WorkerException) e.getCause()).remoteClassName());
        assertArrayEquals(t.getStackTrace(), e.getStackTrace());
        assertEquals(new Frame.Signaled(15), reader.receive());
        assertInstanceOf(Frame.Exiting.class, reader.receive());
        raw.close();
        assertNull(reader.receive(), "end-of-stream between frames is a clean end");
    }

    @Test
    void receive_unknownKind_rejected() throws IOException {
        raw.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 99}));
        assertThrows(IOException.class, reader::receive);
    }

    @Test
    void receive_negativeLength_rejected() throws IOException {
        raw.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0, 0, 0, 1}));
        assertThrows(IOException.class, reader::receive);
    }

    @Test
    void receive_truncatedFrame_rejected() throws IOException {
        raw.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 2, 0, 1}));
        raw.close();
        assertThrows(IOException.class, reader::receive);
    }

    @Test
    void receive_bodyShorterThanItsFields_rejected() throws IOException {
        raw.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 2, 5, 0})); // Signaled needs 4 bytes of body
        assertThrows(IOException.class, reader::receive);
    }

    @Test
    void receive_trailingBytesInFrame_rejected() throws IOException {
        raw.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 3, 4, 0, 0})); // Exiting has no body
        assertThrows(IOException.class, reader::receive);
    }
}
