package dev.multiproc.ipc;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Event;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.expectThrows;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.next;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;

/**
 * Closing an end releases the caller's own hold on it (CPython: each process closes the copies of a pipe's
 * descriptors it does not use); the end is closed for its peer once every holder has closed it or ended. On
 * the thread engines each worker counts as a process. Several cases translate CPython's {@code _TestConnection}
 * and {@code _TestSubclassingProcess}.
 */
@Timeout(90)
class PipeHoldersContractTest {
    private static final byte[] SENTINEL = new byte[0];

    /** CPython's {@code test_spawn_close}: the parent closes the child's end right after the start. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_parentClosesWorkersEndRightAfterStart_workerStillEchoes(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection conn = p.left(), childConn = p.right();
            Worker w = ctx.worker(task(() -> Workers.echo(childConn))).daemon(true).start();
            childConn.close(); // this may complete before the child has its task
            byte[] msg = "hello".getBytes();
            conn.sendBytes(msg);
            assertArrayEquals(msg, conn.recvBytes());
            conn.sendBytes(SENTINEL);
            conn.close();
            joinOk(w);
        }
    }

    /**
     * CPython's {@code test_connection}, its ending: the child closes its end after the sentinel and the parent
     * closes its copy of it; the parent's next receive is the end of the stream.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_workerAndParentClosedWorkersEnd_endOfStream(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection conn = p.left(), childConn = p.right();
            Worker w = ctx.worker(task(() -> Workers.echo(childConn))).daemon(true).start();
            conn.send(Arrays.asList(1, 2.25, null));
            assertEquals(Arrays.asList(1, 2.25, null), conn.recv());
            conn.sendBytes(SENTINEL);
            childConn.close();
            assertThrowsExactly(ConnectionClosedException.class, conn::recv);
            assertThrowsExactly(ConnectionClosedException.class, conn::recvBytes);
            joinOk(w);
        }
    }

    /**
     * CPython's {@code _TestSubclassingProcess}: the worker gets both ends, closes the parent's copy of the parent's
     * end and serves on its own; the parent, which passed both ends, keeps its end (even if it first uses it late).
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_workerClosesItsCopyOfParentsEnd_parentKeepsUsingIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection childConn = p.left(), parentConn = p.right();
            Event closed = ctx.event();
            Worker upper = ctx.start(task(() -> {
                parentConn.close();
                closed.set();
                for (String s = next(childConn); s != null; s = next(childConn)) {
                    childConn.send(s.toUpperCase());
                }
                childConn.close();
            }));
            check(closed.await(LONG), "the worker closed its copy");
            Thread.sleep(300); // the parent's end stays open for it, used or not
            parentConn.send("hello, world");
            assertEquals("HELLO, WORLD", next(parentConn));
            parentConn.send("goodbye");
            assertEquals("GOODBYE", next(parentConn));
            parentConn.send(null);
            assertFalse(parentConn.poll(Duration.ofMillis(300)), "the parent still holds its copy of the child's end");
            childConn.close(); // both ends were passed, so this copy is the parent's to close, as in CPython
            assertThrowsExactly(ConnectionClosedException.class, parentConn::recv, "the worker closed its end too");
            parentConn.close();
            joinOk(upper);
        }
    }

    /** An end held by two workers stays open for its peer until both have closed it. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_endHeldByTwoWorkers_closedForPeerWhenBothClosed(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection left = p.left(), right = p.right();
            Event firstClose = ctx.event(), secondClose = ctx.event(), firstDone = ctx.event();
            Worker a = ctx.start(task(() -> closeWhen(right, firstClose, firstDone)));
            Worker b = ctx.start(task(() -> closeWhen(right, secondClose, null)));
            right.close(); // the parent's own copy, if it still has one
            left.send("to whoever holds the right end"); // both hold it: the send is accepted
            firstClose.set();
            check(firstDone.await(LONG), "the first worker closed");
            assertFalse(left.poll(Duration.ofMillis(300)), "one holder closed, the other still has the end");
            secondClose.set();
            joinOk(a, b);
            assertThrowsExactly(ConnectionClosedException.class, left::recv);
            assertThrowsExactly(ConnectionClosedException.class, () -> left.send("to nobody"));
        }
    }

    private static void closeWhen(Connection end, Event go, Event done) throws InterruptedException {
        end.poll(Duration.ZERO); // a use: on the thread engines, nothing else says this worker has the end
        check(go.await(LONG), "told to close");
        end.close();
        if (done != null) {
            done.set();
        }
    }

    /** An end sent through a queue and then closed by its sender is held for its receiver meanwhile. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_endSentThroughQueueThenClosedBySender_receiverUsesIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Queue<Connection> q = ctx.queue();
            Event taken = ctx.event();
            q.put(p.right());
            p.right().close(); // CPython's idiom after passing a descriptor on
            Worker w = ctx.start(task(() -> {
                Workers.sleep(300); // the parent is waiting in recv by then
                Connection mine = next(q);
                mine.send("through the queue");
                mine.close();
                taken.set();
            }));
            assertEquals("through the queue", next(p.left()));
            joinOk(w);
            assertThrowsExactly(ConnectionClosedException.class, p.left()::recv);
        }
    }

    /** A worker given one end ends without closing it: the parent, which never used that end, sees the end of the stream. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_workerGivenOneEndEndsWithoutClosing_endOfStream(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe(false);
            Connection writer = p.right();
            Worker w = ctx.start(task(() -> writer.send("bye")));
            joinOk(w);
            Connection reader = p.left();
            assertEquals("bye", next(reader));
            assertThrowsExactly(ConnectionClosedException.class, reader::recv);
        }
    }

    /**
     * A worker that got the whole pipe closes one end twice and then misuses it: an {@link IllegalStateException}
     * there, not the end of the stream, and the parent's copy stays open.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_ownEndInWorker_laterUseThereThrowsIllegalStateParentUnaffected(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Worker w = ctx.start(task(() -> {
                p.left().close();
                p.left().close();
                IllegalStateException e = expectThrows(IllegalStateException.class, () -> p.left().send("x"),
                        "send on an end this worker closed");
                check(!(e instanceof ConnectionClosedException), "a misuse, not the end of the stream: " + e);
            }));
            joinOk(w);
            p.right().send("the worker's close did not close the parent's copy");
            assertEquals("the worker's close did not close the parent's copy", next(p.left()));
            p.left().close();
            assertThrows(IllegalStateException.class, () -> p.left().send("x"));
        }
    }
}
