package dev.multiproc.cpython;

import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Event;
import dev.multiproc.JoinableQueue;
import dev.multiproc.Queue;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code _TestQueue}, translated, on every engine. Python's {@code queue.Full}/{@code queue.Empty}
 * are {@code false}/{@code null} here; an item that cannot be serialized is refused in {@code put} (Python's
 * feeder thread drops it).
 */
@Timeout(120)
class TestQueueTest {
    private static final Duration TIMEOUT1 = Duration.ofMillis(100);

    @ParameterizedTest
    @EnumSource(Engine.class)
    void put_boundedQueue_fullThenDrainedByWorker(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue(6);
            Event childCanStart = ctx.event(), parentCanContinue = ctx.event();
            Worker w = ctx.start(task(() -> {
                check(childCanStart.await(LONG), "go");
                for (int i = 0; i < 6; i++) {
                    q.take();
                }
                parentCanContinue.set();
            }));
            assertTrue(q.isEmpty());
            for (int i = 1; i <= 5; i++) {
                q.put(i);
            }
            assertTrue(q.offer(6));
            assertFalse(q.isEmpty());
            assertEquals(6, q.size());
            assertFalse(q.offer(7));
            long t0 = System.nanoTime();
            assertFalse(q.offer(7, TIMEOUT1));
            assertTrue(System.nanoTime() - t0 >= TIMEOUT1.toNanos() / 2, "waited for room");
            assertFalse(q.offer(7, Duration.ZERO));
            childCanStart.set();
            assertTrue(parentCanContinue.await(LONG));
            assertTrue(q.isEmpty());
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void get_itemsFromWorker_inOrderThenEmpty(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            Event childCanStart = ctx.event(), parentCanContinue = ctx.event();
            Worker w = ctx.start(task(() -> {
                check(childCanStart.await(LONG), "go");
                for (int i = 2; i <= 5; i++) {
                    q.put(i);
                }
                parentCanContinue.set();
            }));
            assertTrue(q.isEmpty());
            childCanStart.set();
            assertTrue(parentCanContinue.await(LONG));
            assertFalse(q.isEmpty());
            assertEquals(2, q.take());
            assertEquals(3, q.take());
            assertEquals(4, q.poll(Duration.ofSeconds(1)));
            assertEquals(5, q.poll());
            assertTrue(q.isEmpty());
            assertNull(q.poll());
            assertNull(q.poll(Duration.ZERO));
            assertNull(q.poll(TIMEOUT1));
            joinOk(w);
        }
    }

    /** test_fork: the parent's items, then a worker's, all in order. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void fork_parentsThenWorkersItems_inOrder(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            for (int i = 0; i < 10; i++) {
                q.put(i);
            }
            Worker w = ctx.start(task(() -> {
                for (int i = 10; i < 20; i++) {
                    q.put(i);
                }
            }));
            for (int i = 0; i < 20; i++) {
                assertEquals(i, q.poll(LONG));
            }
            assertNull(q.poll());
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void qsize_countsPutsAndGets(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            assertEquals(0, q.size());
            q.put(1);
            assertEquals(1, q.size());
            q.put(5);
            assertEquals(2, q.size());
            q.take();
            assertEquals(1, q.size());
            q.take();
            assertEquals(0, q.size());
        }
    }

    /** test_task_done: join() returns once every item's task is done. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void taskDone_workersFinishEveryItem_joinReturns(Engine engine) throws Exception {
        int n = engine.isProcess() ? 2 : 4;
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            List<Worker> workers = Bunch.start(ctx, n, () -> {
                for (Integer x = q.take(); x != null; x = q.take()) {
                    Thread.sleep(20);
                    q.taskDone();
                }
            });
            for (int i = 0; i < 10; i++) {
                q.put(i);
            }
            q.join();
            assertTrue(q.isEmpty());
            for (int i = 0; i < n; i++) {
                q.put(null); // None, the sentinel
            }
            joinOk(workers.toArray(Worker[]::new));
            for (int i = 0; i < n; i++) {
                q.taskDone(); // the sentinels' tasks
            }
            assertThrows(IllegalStateException.class, q::taskDone, "more taskDone() than items");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void timeout_emptyQueue_nullAfterTheTimeout(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Integer> q = ctx.queue();
            long t0 = System.nanoTime();
            assertNull(q.poll(Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(100).toNanos()); // CPython: 0.2 - CLOCK_RES
        }
    }

    /** test_queue_feeder_donot_stop_onexc: a bad item does not stop the queue (here: refused at once). */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PROCESSES", "CLUSTER"})
    void badItem_refusedInPut_queueGoesOn(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<Object> q = ctx.queue(1);
            assertThrows(IllegalArgumentException.class, () -> q.put(new Object()));
            q.put(true);
            assertEquals(1, q.size());
            assertEquals(true, q.poll(Bunch.SHORT));
            assertTrue(q.isEmpty());
        }
    }

    /** test_closed_queue_put_get_exceptions: a closed queue refuses puts in this process. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void closed_putRefused(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Queue<String> unused = ctx.queue();
            unused.close();
            assertTrue(unused.isEmpty());
            Queue<String> q = ctx.queue();
            q.put("foo");
            q.close();
            assertThrows(IllegalStateException.class, () -> q.put("foo"));
            assertThrows(IllegalStateException.class, () -> q.offer("foo"));
        }
    }
}
