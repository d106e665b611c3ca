package dev.multiproc.ipc;

import dev.multiproc.Engine;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.JoinableQueue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.WorkerException;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.expectThrows;
import static dev.multiproc.Workers.joinFailed;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.next;
import static dev.multiproc.Workers.runUninterruptibly;
import static dev.multiproc.Workers.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link JoinableQueue} must do, with workers of the engine under test as the other party. */
@Timeout(60)
class JoinableQueueContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_workerMarksEveryItemDone_returnsOnlyAfterTheLast(Engine engine) throws Exception {
        int n = 5;
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            SharedLong done = ctx.sharedLong(0);
            for (int i = 0; i < n; i++) {
                q.put(i);
            }
            Worker consumer = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    next(q);
                    Workers.sleep(30);
                    done.incrementAndGet();
                    q.taskDone();
                }
            }));
            q.join();
            assertEquals(n, done.get(), "join returned before every item was marked done");
            joinOk(consumer);
        }
    }

    /** Puts and taskDone() at once, from two parties: not one count is lost (a lost one ends join() early). */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void taskDone_whileAnotherPartyPuts_countStaysExact(Engine engine) throws Exception {
        int n = engine == Engine.CLUSTER ? 500 : 50_000; // a cluster queue's round trips take milliseconds
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            }));
            for (int i = 0; i < n; i++) {
                assertEquals(i, q.take());
                q.taskDone();
            }
            joinOk(producer);
            q.join();
            assertThrows(IllegalStateException.class, q::taskDone, "every item was marked done once: none is left");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_nothingPut_returnsAtOnce(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            JoinableQueue<String> q = ctx.joinableQueue();
            q.join();
            Worker w = ctx.start(task(q::join));
            joinOk(w);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_itemTakenButNotDone_blocksUntilTaskDone(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            JoinableQueue<String> q = ctx.joinableQueue();
            Event taken = ctx.event();
            Event finish = ctx.event();
            q.put("job");
            Worker consumer = ctx.start(task(() -> {
                check("job".equals(next(q)), "the job");
                taken.set();
                check(finish.await(LONG), "told to finish");
                q.taskDone();
            }));
            assertTrue(taken.await(LONG));
            CompletableFuture<Void> joined = Workers.runOnNewThread(() -> runUninterruptibly(q::join));
            Thread.sleep(300);
            assertFalse(joined.isDone(), "join returned while an item was taken but not done");
            assertTrue(q.isEmpty(), "taken, so the queue is empty, and join still waits");
            finish.set();
            joined.get(LONG.toSeconds(), TimeUnit.SECONDS);
            joinOk(consumer);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_itemsPutByWorker_waitsForParentsTaskDone(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                }
            }));
            joinOk(producer);
            CompletableFuture<Void> joined = Workers.runOnNewThread(() -> runUninterruptibly(q::join));
            for (int i = 0; i < 3; i++) {
                assertEquals(i, q.take());
                Thread.sleep(50);
                assertFalse(joined.isDone(), "join returned with " + (3 - i) + " items not done");
                q.taskDone();
            }
            joined.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void taskDone_moreThanPut_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            q.put(1);
            q.put(2);
            Worker consumer = ctx.start(task(() -> {
                next(q);
                next(q);
                q.taskDone();
                q.taskDone();
                expectThrows(IllegalStateException.class, q::taskDone, "a third taskDone after two puts");
            }));
            joinOk(consumer);
            q.join(); // the refused taskDone left the count at zero, not below
            assertThrows(IllegalStateException.class, q::taskDone);
            q.put(3);
            assertEquals(3, q.take());
            q.taskDone(); // the count still works after the refusals
            q.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void taskDone_freshQueueInWorker_failsWithIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            JoinableQueue<Integer> q = ctx.joinableQueue();
            Worker w = ctx.start(task(q::taskDone));
            WorkerException f = joinFailed(w);
            assertEquals(IllegalStateException.class.getName(), f.remoteClassName());
        }
    }
}
