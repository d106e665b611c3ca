package dev.multiproc.ipc;

import dev.multiproc.Connection;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.millisSince;
import static dev.multiproc.Workers.runUninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link Context#waitForAny} must do over every engine's connections, queues and workers (Python's
 * {@code multiprocessing.connection.wait}): report what is ready, consume nothing, wake on a message, an item,
 * a closed peer or a worker's end, and time out. The messages come from workers of the engine under test.
 */
@Timeout(60)
class WaitForAnyContractTest {
    private static final Duration SHORT = Duration.ofMillis(100);

    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitForAny_pipeQueueTwoWorkers_reportsEachAsItBecomesReady(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe pipe = ctx.pipe();
            Connection reader = pipe.left();
            Connection writer = pipe.right();
            Queue<Integer> queue = ctx.queue();
            Event send = ctx.event();
            Event stopSender = ctx.event();
            Event stopIdle = ctx.event();
            Worker sender = ctx.start(() -> {
                runUninterruptibly(send::await);
                writer.send(42);
                runUninterruptibly(() -> stopSender.await(LONG));
            });
            Worker idle = ctx.start(() -> runUninterruptibly(() -> stopIdle.await(LONG)));
            List<Object> all = List.of(reader, queue, sender, idle);

            assertEquals(List.of(), Context.waitForAny(all, Duration.ZERO), "nothing ready: ZERO only checks");
            long start = System.nanoTime();
            assertEquals(List.of(), Context.waitForAny(all, SHORT), "nothing ready within the timeout");
            assertTrue(millisSince(start) >= 90, "returned after " + millisSince(start) + " ms");

            send.set();
            assertEquals(List.of(reader), Context.waitForAny(all, LONG), "the worker's message");
            assertEquals(List.of(reader), Context.waitForAny(all, Duration.ZERO), "the message stays");
            assertEquals(42, (Integer) reader.recv());

            CompletableFuture<List<Object>> waiting = Workers.supplyOnNewThread(() -> waitOrFail(all, null));
            Thread.sleep(50);
            queue.put(7);
            assertEquals(List.of(queue), waiting.get(LONG.toSeconds(), TimeUnit.SECONDS), "an item put meanwhile");
            assertEquals(7, queue.poll(LONG));

            stopIdle.set();
            assertEquals(List.of(idle), Context.waitForAny(all, null), "a worker that ended, with no timeout");
            stopSender.set();
            joinOk(sender, idle);
            assertEquals(List.of(reader), Context.waitForAny(List.of(reader), LONG), "the reader's only peer ended");
            assertEquals(List.of(reader, sender, idle), Context.waitForAny(all, Duration.ZERO), "ended workers stay ready");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitForAny_peerClosesItsEnd_theReaderIsReady(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pipe pipe = ctx.pipe(false);
            Connection reader = pipe.left();
            Event close = ctx.event();
            Worker closer = ctx.start(() -> {
                runUninterruptibly(close::await);
                pipe.right().close();
            });
            pipe.right().close(); // only the worker holds the sending end now
            assertEquals(List.of(), Context.waitForAny(List.of(reader), SHORT), "its peer is open");
            close.set();
            assertEquals(List.of(reader), Context.waitForAny(List.of(reader), LONG));
            joinOk(closer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void waitForAny_badArguments_throwIllegalArgument(Engine engine) {
        try (Context ctx = engine.open()) {
            Queue<Integer> queue = ctx.queue();
            assertThrows(IllegalArgumentException.class, () -> Context.waitForAny(List.of(), LONG));
            assertThrows(IllegalArgumentException.class, () -> Context.waitForAny(List.of(queue, "a string"), LONG));
            assertThrows(IllegalArgumentException.class, () -> Context.waitForAny(List.of(queue), Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> Context.waitForAny(null, LONG));
            Worker unstarted = ctx.worker(() -> { });
            assertThrows(IllegalArgumentException.class, () -> Context.waitForAny(List.of(unstarted), LONG));
        }
    }

    private static List<Object> waitOrFail(List<Object> objects, Duration timeout) {
        try {
            return Context.waitForAny(objects, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
