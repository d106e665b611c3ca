package dev.multiproc.ipc;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.Queue;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.expectThrows;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.millisSince;
import static dev.multiproc.Workers.next;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every engine's {@link Queue} must do. The other party is always a worker of the engine under test, so
 * on {@code PROCESSES} every item crosses a JVM boundary.
 */
@Timeout(60)
class QueueContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_itemsPutByWorker_fifoOrder(Engine engine) throws Exception {
        int n = engine.rounds(2_000);
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            }));
            for (int i = 0; i < n; i++) {
                assertEquals(i, next(q));
            }
            joinOk(producer);
            assertTrue(q.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_inWorker_mixedItemsPutByParentArriveEqualInOrder(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Object> q = ctx.queue();
            for (Object item : mixedItems()) {
                q.put(item);
            }
            Worker consumer = ctx.start(task(() -> {
                List<Object> expected = mixedItems();
                for (int i = 0; i < expected.size(); i++) {
                    Object got = next(q);
                    check(deepEquals(expected.get(i), got), "item " + i + ": expected " + expected.get(i) + " got " + got);
                }
                check(q.poll() == null, "nothing more");
            }));
            joinOk(consumer);
        }
    }

    /** One item of each kind the codec treats differently, and a record of collections. */
    static List<Object> mixedItems() {
        return List.of(7, Integer.MIN_VALUE, 1L << 40, 2.5, Double.NaN, true, false, "", "héllo ✓",
                new byte[0], new byte[] {1, 2, 3}, List.of(1, "two", 3.0), Map.of("k", List.of(1, 2)),
                Payloads.Order.of(42), 'c', (short) 3, new int[] {4, 5});
    }

    static boolean deepEquals(Object a, Object b) {
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_nullItemsPutByWorker_takenAsNull(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<String> q = ctx.queue();
            Worker producer = ctx.start(task(() -> {
                q.put(null);
                q.put("a");
                check(q.offer(null), "offer of null");
                check(q.offer(null, Duration.ofSeconds(1)), "timed offer of null");
            }));
            joinOk(producer);
            assertEquals(4, q.size(), "nulls count as items");
            assertNull(q.take());
            assertEquals("a", q.take());
            assertNull(q.take());
            assertNull(q.poll(LONG), "a null item is returned by a timed poll too");
            assertTrue(q.isEmpty());
            assertNull(q.poll());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void offer_boundedQueueFullInWorker_returnsFalseUntilParentTakes(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(3);
            Event filled = ctx.event();
            Event tookOne = ctx.event();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < 3; i++) {
                    check(q.offer(i), "offer " + i + " into a queue of 3 with room");
                }
                check(!q.offer(3), "offer into a full queue must return false");
                long t0 = System.nanoTime();
                check(!q.offer(3, Duration.ofMillis(100)), "timed offer into a full queue must return false");
                check(millisSince(t0) >= 90, "timed offer waited only " + millisSince(t0) + " ms of 100");
                check(q.size() == 3, "size of a full queue of 3: " + q.size());
                filled.set();
                check(tookOne.await(LONG), "parent took one");
                check(q.offer(3), "offer after a take must succeed");
            }));
            assertTrue(filled.await(LONG));
            assertFalse(q.offer(99), "the parent is refused too");
            assertEquals(3, q.size());
            assertEquals(0, q.take());
            tookOne.set();
            joinOk(producer);
            assertEquals(List.of(1, 2, 3), List.of(q.take(), q.take(), q.take()));
            assertTrue(q.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void put_boundedQueueFull_blocksUntilWorkerTakes(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(1);
            q.put(0);
            assertFalse(q.offer(1));
            Worker consumer = ctx.start(task(() -> {
                Workers.sleep(200); // the parent is blocked in put by now (threads); a child JVM takes longer to boot
                for (int i = 0; i < 20; i++) {
                    int got = next(q);
                    check(got == i, "expected " + i + " got " + got);
                }
            }));
            long t0 = System.nanoTime();
            for (int i = 1; i < 20; i++) {
                q.put(i);
            }
            assertTrue(millisSince(t0) >= 150, "put into a full queue returned after " + millisSince(t0) + " ms");
            joinOk(consumer);
            assertTrue(q.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void poll_emptyWithTimeout_returnsNullAfterTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<String> q = ctx.queue();
            long t0 = System.nanoTime();
            assertNull(q.poll(Duration.ofMillis(200)));
            long waited = millisSince(t0);
            assertTrue(waited >= 190 && waited < 5_000, "timed poll of 200 ms waited " + waited + " ms");
            assertNull(q.poll(), "untimed poll of an empty queue");
            Worker consumer = ctx.start(task(() -> {
                long t1 = System.nanoTime();
                check(q.poll(Duration.ofMillis(150)) == null, "timed poll in worker of an empty queue");
                check(millisSince(t1) >= 140, "timed poll in worker waited " + millisSince(t1) + " ms of 150");
                check(q.poll(Duration.ZERO) == null, "zero-timeout poll");
            }));
            joinOk(consumer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void poll_itemPutDuringWait_returnsIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<String> q = ctx.queue();
            Worker producer = ctx.start(task(() -> {
                Workers.sleep(100);
                q.put("late");
            }));
            assertEquals("late", q.poll(LONG));
            joinOk(producer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void size_afterPutsAndTakesOnBothSides_exact(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            assertEquals(0, q.size());
            assertTrue(q.isEmpty());
            for (int i = 0; i < 7; i++) {
                q.put(i);
            }
            Worker w = ctx.start(task(() -> {
                check(q.size() == 7, "size seen by worker after 7 puts: " + q.size());
                check(!q.isEmpty(), "not empty");
                for (int i = 0; i < 3; i++) {
                    q.take();
                }
                check(q.size() == 4, "size after 3 takes: " + q.size());
                for (int i = 0; i < 5; i++) {
                    q.put(100 + i);
                }
                check(q.size() == 9, "size after 5 more puts: " + q.size());
            }));
            joinOk(w);
            assertEquals(9, q.size());
            for (int i = 9; i > 0; i--) {
                assertEquals(i, q.size());
                assertFalse(q.isEmpty());
                q.take();
            }
            assertEquals(0, q.size());
            assertTrue(q.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void put_afterClose_throwsIllegalStateItemsBeforeStillArrive(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(10);
            Worker producer = ctx.start(task(() -> {
                q.put(1);
                q.put(2);
                q.close();
                expectThrows(IllegalStateException.class, () -> q.put(3), "put after close");
                expectThrows(IllegalStateException.class, () -> q.offer(3), "offer after close");
                expectThrows(IllegalStateException.class, () -> q.offer(3, Duration.ofMillis(10)),
                        "timed offer after close");
                q.close(); // idempotent
            }));
            joinOk(producer);
            assertEquals(1, q.take());
            assertEquals(2, q.take());
            assertNull(q.poll(Duration.ofMillis(50)), "nothing put after close arrives");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_emptyQueue_blocksUntilWorkerPuts(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<String> q = ctx.queue();
            Event parentWaiting = ctx.event();
            Worker producer = ctx.start(task(() -> {
                check(parentWaiting.await(LONG), "parent is about to take");
                Workers.sleep(100);
                q.put("x");
            }));
            parentWaiting.set();
            long t0 = System.nanoTime();
            assertEquals("x", q.take());
            assertTrue(millisSince(t0) >= 90, "take returned after " + millisSince(t0) + " ms, before the put");
            joinOk(producer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_twoProducersTwoConsumers_everyItemExactlyOnce(Engine engine) throws Exception {
        int perProducer = engine.rounds(1_000);
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(50);
            SharedLongArray seen = ctx.sharedLongArray(2 * perProducer);
            List<Worker> workers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int base = p * perProducer;
                workers.add(ctx.start(task(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        q.put(base + i);
                    }
                })));
            }
            Worker consumer = ctx.start(task(() -> consume(q, seen, perProducer)));
            Thread poisoner = Thread.ofPlatform().start(() -> {
                try {
                    joinOk(workers.get(0), workers.get(1));
                    q.put(-1);
                    q.put(-1);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
            consume(q, seen, perProducer); // the parent is the second consumer
            poisoner.join(LONG.toMillis());
            joinOk(workers.toArray(Worker[]::new));
            joinOk(consumer);
            for (int i = 0; i < 2 * perProducer; i++) {
                assertEquals(1, seen.get(i), "item " + i + " taken this many times");
            }
            assertTrue(q.isEmpty());
        }
    }

    /** Takes until a poison item (-1), counting each item and checking each producer's items come in order. */
    static void consume(Queue<Integer> q, SharedLongArray seen, int perProducer) throws InterruptedException {
        int[] last = {-1, -1};
        for (int item = next(q); item != -1; item = next(q)) {
            int producer = item / perProducer;
            check(item > last[producer], "producer " + producer + " out of order: " + item + " after " + last[producer]);
            last[producer] = item;
            seen.addAndGet(item, 1);
        }
    }

    /** "Unbounded (bounded only by memory)": more than any internal buffer holds, with nobody taking yet. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void offer_unboundedQueueHoldingMoreThan8MiB_alwaysAccepts(Engine engine) throws Exception {
        int n = 1_200;
        int size = 8 * 1024;
        try (Context ctx = engine.open()) {
            Queue<byte[]> q = ctx.queue();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    check(q.offer(Payloads.patterned(i, size)), "offer " + i + " of " + n + " (" + (long) i * size
                            + " bytes queued) into an unbounded queue was refused");
                }
            }));
            joinOk(producer);
            assertEquals(n, q.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, Payloads.verify(q.take(), size));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void remainingCapacity_boundedCountsDown_unboundedIsMaxValue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> bounded = ctx.queue(3);
            assertEquals(3, bounded.remainingCapacity());
            bounded.put(1);
            bounded.put(2);
            assertEquals(1, bounded.remainingCapacity());
            bounded.put(3);
            assertEquals(0, bounded.remainingCapacity());
            bounded.take();
            assertEquals(1, bounded.remainingCapacity());
            Queue<Integer> unbounded = ctx.queue();
            unbounded.put(1);
            assertEquals(Integer.MAX_VALUE, unbounded.remainingCapacity());
            assertEquals(Integer.MAX_VALUE, ctx.joinableQueue().remainingCapacity());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void queue_capacityBelowOne_throwsIllegalArgument(Engine engine) {
        try (Context ctx = engine.open()) {
            assertThrows(IllegalArgumentException.class, () -> ctx.queue(0));
            assertThrows(IllegalArgumentException.class, () -> ctx.queue(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void queue_afterContextClose_throwsIllegalState(Engine engine) {
        Context ctx = engine.open();
        ctx.close();
        assertThrows(IllegalStateException.class, ctx::queue);
        assertThrows(IllegalStateException.class, ctx::joinableQueue);
        assertThrows(IllegalStateException.class, ctx::pipe);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void take_blockedThreadInterrupted_throwsInterruptedAndQueueStaysUsable(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(1);
            assertInstanceOf(InterruptedException.class, interruptWhileBlocked(q::take));
            q.put(1);
            assertInstanceOf(InterruptedException.class, interruptWhileBlocked(() -> q.put(2)));
            assertEquals(1, q.size(), "an interrupted put adds nothing");
            Worker w = ctx.start(task(() -> check(next(q) == 1, "the item put before the interrupts")));
            joinOk(w);
            assertTrue(q.isEmpty());
        }
    }

    interface BlockingCall {
        void run() throws Exception;
    }

    /** Runs {@code call} on a new thread, interrupts it once it has had time to block, returns what it threw. */
    static Throwable interruptWhileBlocked(BlockingCall call) throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                call.run();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(200);
        t.interrupt();
        return outcome.get(LONG.toSeconds(), TimeUnit.SECONDS);
    }
}
