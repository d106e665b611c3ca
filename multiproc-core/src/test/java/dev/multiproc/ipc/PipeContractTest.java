package dev.multiproc.ipc;

import dev.multiproc.Engine;
import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Pipe;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.expectThrows;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.millisSince;
import static dev.multiproc.Workers.next;
import static dev.multiproc.Workers.task;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every engine's {@link Pipe} and {@link Connection} must do. The worker holds one end (and only that
 * end: on the process engine the process that received an end last owns it), the parent the other.
 */
@Timeout(60)
class PipeContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_duplexEcho_roundTripsBothWays(Engine engine) throws Exception {
        int n = 300;
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker echo = ctx.start(task(() -> {
                right.send("hello from right");
                for (int i = 0; i < n; i++) {
                    int m = next(right);
                    right.send(m + 1);
                }
            }));
            Connection left = p.left();
            assertEquals("hello from right", next(left));
            for (int i = 0; i < n; i++) {
                left.send(i * 10);
                assertEquals(i * 10 + 1, (int) next(left));
            }
            joinOk(echo);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void send_bothEndsAtOnce_noDeadlockEverythingArrives(Engine engine) throws Exception {
        int n = engine.rounds(2_000);
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker w = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    right.send("r" + i); // sends everything before reading anything
                }
                for (int i = 0; i < n; i++) {
                    String m = next(right);
                    check(("l" + i).equals(m), "expected l" + i + " got " + m);
                }
            }));
            Connection left = p.left();
            for (int i = 0; i < n; i++) {
                left.send("l" + i);
            }
            for (int i = 0; i < n; i++) {
                assertEquals("r" + i, next(left));
            }
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_structuredAndNullMessages_arriveEqual(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker w = ctx.start(task(() -> {
                for (Object m : QueueContractTest.mixedItems()) {
                    right.send(m);
                }
                right.send(null);
                Object back = next(right);
                check(Payloads.Order.of(7).equals(back), "order sent by the parent: " + back);
                check(right.recv() == null, "null sent by the parent");
            }));
            Connection left = p.left();
            for (Object expected : QueueContractTest.mixedItems()) {
                Object got = next(left);
                assertTrue(QueueContractTest.deepEquals(expected, got), "expected " + expected + " got " + got);
            }
            assertNull(left.recv());
            left.send(Payloads.Order.of(7));
            left.send(null);
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void oneWayPipe_wrongDirection_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe(false);
            Connection reader = p.left();
            Connection writer = p.right();
            Worker w = ctx.start(task(() -> {
                notClosedButWrongDirection(expectThrows(IllegalStateException.class, writer::recv, "recv on the sending end"));
                notClosedButWrongDirection(expectThrows(IllegalStateException.class, writer::recvBytes,
                        "recvBytes on the sending end"));
                notClosedButWrongDirection(expectThrows(IllegalStateException.class,
                        () -> writer.poll(Duration.ofMillis(10)), "poll on the sending end"));
                writer.send("one way");
                writer.sendBytes(new byte[] {4, 2});
            }));
            assertWrongDirection(assertThrows(IllegalStateException.class, () -> reader.send("back")));
            assertWrongDirection(assertThrows(IllegalStateException.class, () -> reader.sendBytes(new byte[1])));
            assertEquals("one way", next(reader));
            assertArrayEquals(new byte[] {4, 2}, reader.recvBytes());
            joinOk(w);
        }
    }

    private static void notClosedButWrongDirection(IllegalStateException e) {
        check(!(e instanceof ConnectionClosedException), "wrong direction reported as a closed pipe: " + e);
    }

    private static void assertWrongDirection(IllegalStateException e) {
        assertFalse(e instanceof ConnectionClosedException, () -> "wrong direction reported as a closed pipe: " + e);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_workerClosedAfterSending_deliversThenThrowsConnectionClosed(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Event parentDone = ctx.event();
            Worker w = ctx.start(task(() -> {
                for (int i = 0; i < 3; i++) {
                    right.send(i);
                }
                right.sendBytes(new byte[] {7});
                right.close();
                right.close(); // idempotent
                check(parentDone.await(LONG), "parent done"); // stays alive: the end of the stream comes from close
            }));
            Connection left = p.left();
            for (int i = 0; i < 3; i++) {
                assertEquals(i, (int) next(left), "messages sent before close still arrive");
            }
            assertArrayEquals(new byte[] {7}, left.recvBytes());
            assertThrows(ConnectionClosedException.class, left::recv);
            assertThrows(ConnectionClosedException.class, left::recv, "and again: the end of the stream stays");
            assertThrows(ConnectionClosedException.class, left::recvBytes);
            assertTrue(left.poll(Duration.ofMillis(10)), "poll is true at the end of the stream: recv would not block");
            assertThrows(ConnectionClosedException.class, () -> left.send("to a closed end"));
            parentDone.set();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_inWorkerParentClosedAfterSending_deliversThenThrowsConnectionClosed(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker w = ctx.start(task(() -> {
                for (int i = 0; i < 3; i++) {
                    int m = next(right);
                    check(m == i, "expected " + i + " got " + m);
                }
                long t0 = System.nanoTime();
                expectThrows(ConnectionClosedException.class, right::recv, "recv after the parent closed");
                check(millisSince(t0) < LONG.toMillis(), "end of stream noticed after " + millisSince(t0) + " ms");
            }));
            Connection left = p.left();
            for (int i = 0; i < 3; i++) {
                left.send(i);
            }
            left.close();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_blockedWhenWorkerCloses_throwsConnectionClosed(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Event parentWaiting = ctx.event();
            Event parentDone = ctx.event();
            Worker w = ctx.start(task(() -> {
                check(parentWaiting.await(LONG), "parent waiting");
                Workers.sleep(200);
                right.close();
                check(parentDone.await(LONG), "parent done");
            }));
            Connection left = p.left();
            CompletableFuture<Object> received = Workers.supplyOnNewThread(() -> {
                parentWaiting.set();
                return uninterruptibly(left::recv);
            });
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> received.get(LONG.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(ConnectionClosedException.class, e.getCause());
            parentDone.set();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void ownEndClosed_sendAndRecv_throwIllegalStateNotConnectionClosed(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Event workerDone = ctx.event();
            Worker w = ctx.start(task(() -> {
                right.close();
                expectThrows(IllegalStateException.class, () -> right.send("x"), "send on a closed end");
                expectThrows(IllegalStateException.class, right::recv, "recv on a closed end");
                workerDone.set();
            }));
            joinOk(w);
            assertTrue(workerDone.isSet());
            Connection left = p.left();
            left.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> left.send("x"));
            assertWrongDirection(e); // own end closed: a misuse, not the peer's end of stream
            left.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void poll_nothingSent_falseThenTrueOnceWorkerSends(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Event go = ctx.event();
            Event parentDone = ctx.event();
            Worker w = ctx.start(task(() -> {
                check(go.await(LONG), "go");
                right.send("now");
                check(parentDone.await(LONG), "parent done");
            }));
            Connection left = p.left();
            long t0 = System.nanoTime();
            assertFalse(left.poll(Duration.ofMillis(150)), "nothing sent yet");
            assertTrue(millisSince(t0) >= 140, "poll(150 ms) returned false after " + millisSince(t0) + " ms");
            assertFalse(left.poll(Duration.ZERO));
            go.set();
            assertTrue(left.poll(LONG));
            assertTrue(left.poll(Duration.ZERO), "poll does not consume the message");
            assertEquals("now", left.recv());
            assertFalse(left.poll(Duration.ofMillis(20)), "drained again, and the peer is still open");
            parentDone.set();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recvBytes_echoedByWorker_equalForEverySize(Engine engine) throws Exception {
        List<Integer> sizes = List.of(0, 1, 4, 1_000, 100_000, 2 << 20);
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker echo = ctx.start(task(() -> {
                for (int i = 0; i < sizes.size(); i++) {
                    byte[] b = right.recvBytes();
                    check(b.length == sizes.get(i), "size " + b.length + ", expected " + sizes.get(i));
                    right.sendBytes(b);
                }
            }));
            Connection left = p.left();
            for (int size : sizes) {
                byte[] sent = new byte[size];
                Arrays.fill(sent, (byte) size);
                left.sendBytes(sent);
                byte[] copy = sent.clone();
                Arrays.fill(sent, (byte) 0x55); // the message was taken at sendBytes: later writes don't travel
                assertArrayEquals(copy, left.recvBytes(), "echo of " + size + " bytes");
            }
            joinOk(echo);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recvBytes_nextIsNotBytes_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Event parentDone = ctx.event();
            Worker w = ctx.start(task(() -> {
                right.send("text");
                right.sendBytes(new byte[] {1, 2});
                check(parentDone.await(LONG), "parent done");
            }));
            Connection left = p.left();
            assertTrue(left.poll(LONG));
            IllegalStateException e = assertThrows(IllegalStateException.class, left::recvBytes);
            assertWrongDirection(e);
            Object next = next(left);
            if ("text".equals(next)) { // whether the refused message stays is not specified; the pipe must go on
                next = next(left);
            }
            assertArrayEquals(new byte[] {1, 2}, (byte[]) next, "the bytes after the refused message");
            parentDone.set();
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void recv_blockedThreadInterrupted_throwsInterruptedAndPipeStaysUsable(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Connection left = p.left();
            assertInstanceOf(InterruptedException.class, QueueContractTest.interruptWhileBlocked(left::recv));
            assertInstanceOf(InterruptedException.class,
                    QueueContractTest.interruptWhileBlocked(() -> left.poll(LONG)));
            Worker w = ctx.start(task(() -> right.send("after the interrupts")));
            assertEquals("after the interrupts", next(left));
            joinOk(w);
        }
    }
}
