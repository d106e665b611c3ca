package dev.multiproc.cpython;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Pipe;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code _TestConnection}, translated, on every engine ({@code test_spawn_close} and the per-process
 * close rule: {@code PipeHoldersContractTest}). Left out: file descriptors ({@code fileno}, fd passing),
 * {@code recv_bytes_into} and {@code send_bytes} with an offset, which have no counterpart.
 */
@Timeout(120)
class TestConnectionTest {
    private static final Duration TIMEOUT1 = Duration.ofMillis(100);

    @ParameterizedTest
    @EnumSource(Engine.class)
    void connection_objectsBytesPollAndLargeMessages_thenEndOfStream(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection conn = p.left(), childConn = p.right();
            Worker w = ctx.worker(task(() -> Workers.echo(childConn))).daemon(true).start();
            List<Object> seq = Arrays.asList(1, 2.25, null);
            conn.send(seq);
            assertEquals(seq, conn.recv());
            byte[] msg = "hello world".getBytes(StandardCharsets.ISO_8859_1);
            conn.sendBytes(msg);
            assertArrayEquals(msg, conn.recvBytes());
            assertFalse(conn.poll(Duration.ZERO));
            assertFalse(conn.poll(Duration.ofMillis(-1)));
            assertFalse(conn.poll(TIMEOUT1));
            conn.send(null);
            Thread.sleep(100);
            assertTrue(conn.poll(TIMEOUT1));
            assertNull(conn.recv());
            byte[] reallyBig = new byte[16 << 20];
            Arrays.fill(reallyBig, (byte) 'X');
            conn.sendBytes(reallyBig);
            assertArrayEquals(reallyBig, conn.recvBytes());
            conn.sendBytes(new byte[0]); // tell the child to quit
            childConn.close();
            assertThrowsExactly(ConnectionClosedException.class, conn::recv);
            assertThrowsExactly(ConnectionClosedException.class, conn::recvBytes);
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void duplexFalse_readerReadsWriterWritesOnly(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe(false);
            Connection reader = p.left(), writer = p.right();
            writer.send(1);
            assertEquals(1, (int) reader.recv());
            assertThrowsExactly(IllegalStateException.class, () -> reader.send(2));
            assertThrowsExactly(IllegalStateException.class, writer::recv);
            assertThrowsExactly(IllegalStateException.class, () -> writer.poll(Duration.ZERO));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void context_tryWithResources_closesBothEnds(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection a = p.left(), b = p.right();
            try (a; b) {
                a.send(1729);
                assertEquals(1729, (int) b.recv());
            }
            assertThrowsExactly(IllegalStateException.class, a::recv);
            assertThrowsExactly(IllegalStateException.class, b::recv);
        }
    }
}
