package dev.multiproc.ipc;

import dev.multiproc.Connection;
import dev.multiproc.ConnectionClosedException;
import dev.multiproc.Context;
import dev.multiproc.Event;
import dev.multiproc.JoinableQueue;
import dev.multiproc.Lock;
import dev.multiproc.Pipe;
import dev.multiproc.Queue;
import dev.multiproc.Semaphore;
import dev.multiproc.SharedLong;
import dev.multiproc.SharedLongArray;
import dev.multiproc.Worker;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.multiproc.Workers.LONG;
import static dev.multiproc.Workers.check;
import static dev.multiproc.Workers.eventually;
import static dev.multiproc.Workers.expectThrows;
import static dev.multiproc.Workers.joinOk;
import static dev.multiproc.Workers.millisSince;
import static dev.multiproc.Workers.next;
import static dev.multiproc.Workers.runUninterruptibly;
import static dev.multiproc.Workers.task;
import static dev.multiproc.Workers.uninterruptibly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the process engine must survive: queues and pipes between JVMs under load, messages of any size,
 * handles that travel, producers and consumers killed with SIGKILL mid-stream, and no {@code /dev/shm} leak.
 */
@Timeout(90)
class CrossProcessIpcTest {
    /** How soon a dead peer must be noticed. */
    private static final Duration NOTICE_DEATH = Duration.ofSeconds(5);

    @Test
    void pipe_twoThousandStructuredRoundTrips_repliesMatch() throws Exception {
        int n = 2_000;
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker server = ctx.start(task(() -> {
                for (int i = 0; i < n; i++) {
                    Payloads.Order o = next(right);
                    right.send(new Payloads.Receipt(o.id(), o.total(), o.attributes()));
                }
            }));
            Connection left = p.left();
            for (int i = 0; i < n; i++) {
                Payloads.Order o = Payloads.Order.of(i);
                left.send(o);
                Payloads.Receipt r = next(left);
                assertEquals(new Payloads.Receipt(i, o.total(), o.attributes()), r, "round trip " + i);
            }
            joinOk(server);
        }
    }

    @Test
    void queue_threeProducersTwoConsumers_everyItemExactlyOnce() throws Exception {
        int perProducer = 20_000, producers = 3;
        try (Context ctx = Context.processes()) {
            Queue<Integer> q = ctx.queue();
            SharedLongArray seen = ctx.sharedLongArray(producers * perProducer);
            List<Worker> workers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                workers.add(ctx.start(task(() -> consumeInOrderPerProducer(q, seen, perProducer, producers))));
            }
            // two producer children and the parent: four child JVMs at most, and every item still crosses a JVM
            for (int p = 1; p < producers; p++) {
                int base = p * perProducer;
                workers.add(ctx.start(task(() -> produce(q, base, perProducer))));
            }
            produce(q, 0, perProducer);
            joinOk(workers.get(2), workers.get(3));
            q.put(-1);
            q.put(-1);
            joinOk(workers.get(0), workers.get(1));
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < producers * perProducer && wrong.size() < 10; i++) {
                if (seen.get(i) != 1) {
                    wrong.add("item " + i + " taken " + seen.get(i) + " times");
                }
            }
            assertEquals(List.of(), wrong);
            assertTrue(q.isEmpty());
        }
    }

    private static void produce(Queue<Integer> q, int base, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            q.put(base + i);
        }
    }

    private static void consumeInOrderPerProducer(Queue<Integer> q, SharedLongArray seen, int perProducer,
                                                  int producers) throws InterruptedException {
        int[] last = new int[producers];
        java.util.Arrays.fill(last, -1);
        for (int item = next(q); item != -1; item = next(q)) {
            int p = item / perProducer;
            check(item > last[p], "producer " + p + " out of order: " + item + " after " + last[p]);
            last[p] = item;
            seen.addAndGet(item, 1);
        }
    }

    @Test
    void queue_boundedFullAcrossProcesses_refusesOffersAndReleasesBlockedPut() throws Exception {
        try (Context ctx = Context.processes()) {
            Queue<String> q = ctx.queue(4);
            Event full = ctx.event();
            SharedLong lastPutDone = ctx.sharedLong(0);
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < 4; i++) {
                    check(q.offer("item" + i), "offer " + i);
                }
                check(!q.offer("refused"), "offer into a full queue");
                check(!q.offer("refused", Duration.ofMillis(50)), "timed offer into a full queue");
                full.set();
                q.put("item4"); // blocks until the parent takes
                lastPutDone.set(1);
            }));
            assertTrue(full.await(LONG));
            Thread.sleep(200);
            assertEquals(0, lastPutDone.get(), "put into a full queue returned");
            assertEquals(4, q.size());
            assertFalse(q.offer("parent"), "the parent is refused too");
            long t0 = System.nanoTime();
            assertFalse(q.offer("parent", Duration.ofMillis(100)));
            assertTrue(millisSince(t0) >= 90, "timed offer gave up after " + millisSince(t0) + " ms");
            assertEquals("item0", q.take());
            joinOk(producer);
            assertEquals(1, lastPutDone.get());
            for (int i = 1; i <= 4; i++) {
                assertEquals("item" + i, q.take());
            }
            assertNull(q.poll(Duration.ofMillis(100)), "timed poll of the drained queue");
        }
    }

    @Test
    void messages_64MiB_travelBothWaysThroughPipeAndQueue() throws Exception {
        int size = 64 << 20;
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Queue<byte[]> toChild = ctx.queue();
            Queue<byte[]> toParent = ctx.queue();
            Worker w = ctx.start(task(() -> {
                check(Payloads.verify(right.recvBytes(), size) == 1, "64 MiB through the pipe");
                right.sendBytes(Payloads.patterned(2, size));
                check(Payloads.verify(next(toChild), size) == 3, "64 MiB through the queue");
                toParent.put(Payloads.patterned(4, size));
            }));
            Connection left = p.left();
            left.sendBytes(Payloads.patterned(1, size));
            assertEquals(2, Payloads.verify(left.recvBytes(), size));
            toChild.put(Payloads.patterned(3, size));
            assertEquals(4, Payloads.verify(next(toParent), size));
            joinOk(w);
            assertEquals(Set.of(), transferFiles(), "a read large message leaves no transfer segment");
        }
    }

    @Test
    void put_unserializable_failsNamingClassAndQueueStaysUsable() throws Exception {
        try (Context ctx = Context.processes()) {
            JoinableQueue<Object> q = ctx.joinableQueue();
            Pipe p = ctx.pipe();
            Connection right = p.right();
            assertNamesClass(Payloads.Thing.class, assertThrows(IllegalArgumentException.class,
                    () -> q.put(new Payloads.Thing())));
            assertNamesClass(Payloads.Thing.class, assertThrows(IllegalArgumentException.class,
                    () -> q.offer(new Payloads.Holder("nested", List.of(new Payloads.Thing())))));
            assertNamesClass(Payloads.FailsHalfway.class, assertThrows(IllegalArgumentException.class,
                    () -> q.offer(new Payloads.FailsHalfway(), Duration.ofSeconds(1))));
            assertNamesClass(Payloads.Thing.class, assertThrows(IllegalArgumentException.class,
                    () -> p.left().send(new Payloads.Thing())));
            assertEquals(0, q.size(), "nothing half-sent");
            q.put("after");
            Worker w = ctx.start(task(() -> {
                Object first = next(q);
                check("after".equals(first), "the first item is the good one: " + first);
                q.taskDone();
                IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                        () -> q.put(new Payloads.Holder("in child", new Payloads.Thing())), "put in the child");
                check(e.getMessage() != null && e.getMessage().contains(Payloads.Thing.class.getName()),
                        "message names the class: " + e.getMessage());
                q.put("from child");
                right.send("pipe still works");
            }));
            assertEquals("pipe still works", next(p.left()));
            joinOk(w);
            assertEquals("from child", next(q));
            q.taskDone();
            q.join(); // refused puts were never counted as unfinished tasks
        }
    }

    private static void assertNamesClass(Class<?> type, IllegalArgumentException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(type.getName()),
                () -> "message should name " + type.getName() + ": " + e.getMessage());
    }

    @Test
    void take_itemFailingToDeserialize_throwsAndNextItemArrives() throws Exception {
        try (Context ctx = Context.processes()) {
            Queue<Object> q = ctx.queue();
            q.put(new Payloads.FailsOnRead());
            q.put("next");
            Worker w = ctx.start(task(() -> {
                RuntimeException e = expectThrows(RuntimeException.class, q::take, "take of an unreadable item");
                check(!(e instanceof ClassCastException), "reported as " + e);
                check("next".equals(next(q)), "the item after the unreadable one");
            }));
            joinOk(w);
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void handles_sentThroughQueueAndPipe_attachToSameObjectsInChild() throws Exception {
        try (Context ctx = Context.processes()) {
            Queue<Object> handles = ctx.queue();
            Lock lock = ctx.lock();
            Event event = ctx.event();
            SharedLong counter = ctx.sharedLong(41);
            Queue<String> replies = ctx.queue();
            Pipe pipe = ctx.pipe();
            Semaphore semaphore = ctx.semaphore(0);
            SharedLongArray array = ctx.sharedLongArray(3);
            lock.lock();
            for (Object h : List.of(lock, event, counter, replies, pipe.right())) {
                handles.put(h);
            }
            Worker w = ctx.start(task(() -> {
                Lock l = (Lock) next(handles);
                Event e = (Event) next(handles);
                SharedLong c = (SharedLong) next(handles);
                @SuppressWarnings("unchecked")
                Queue<String> r = (Queue<String>) next(handles);
                Connection conn = (Connection) next(handles);
                check(l.isLocked() && !l.tryLock(), "the lock arrives held by the parent");
                check(c.incrementAndGet() == 42, "the counter arrives with the parent's value");
                r.put("through a queue that came through a queue");
                conn.send("through a connection that came through a queue");
                Semaphore s = next(conn); // handles through the pipe too
                SharedLongArray a = next(conn);
                a.set(2, 7);
                s.release();
                e.set();
                l.lock(); // the parent unlocks once it saw the event
                c.addAndGet(100);
                l.unlock();
            }));
            assertEquals("through a queue that came through a queue", next(replies));
            assertEquals("through a connection that came through a queue", next(pipe.left()));
            pipe.left().send(semaphore);
            pipe.left().send(array);
            assertTrue(semaphore.tryAcquire(LONG), "the semaphore released in the child");
            assertEquals(7, array.get(2));
            assertTrue(event.await(LONG));
            assertEquals(42, counter.get());
            lock.unlock();
            joinOk(w);
            assertEquals(142, counter.get());
            assertFalse(lock.isLocked());
        }
    }

    @Test
    void queue_consumersKilledMidStream_noCorruptionAndFreshConsumerDrainsTheRest() throws Exception {
        int n = 20_000, victims = 3;
        try (Context ctx = Context.processes()) {
            Queue<byte[]> q = ctx.queue(64);
            SharedLongArray seen = ctx.sharedLongArray(n);
            SharedLong taken = ctx.sharedLong(0);
            CompletableFuture<Void> producer = Workers.runOnNewThread(() -> runUninterruptibly(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(Payloads.patterned(i));
                }
                q.put(Payloads.patterned(-1, 4));
            }));
            for (int v = 1; v <= victims; v++) { // each one killed while the producer keeps the queue busy
                long target = 4_000L * v;
                Worker victim = ctx.start(task(() -> consumePatterned(q, seen, taken)));
                eventually("consumer " + v + " took its share", () -> taken.get() >= target || !victim.isAlive());
                victim.kill();
                assertTrue(victim.join(LONG));
                assertEquals(-9, victim.exitCode().orElseThrow(), () -> "the consumer ended on its own: "
                        + victim.failure().map(Workers::describe).orElse("no failure"));
            }
            long takenByVictims = taken.get();
            Worker fresh = ctx.start(task(() -> consumePatterned(q, seen, taken)));
            joinOk(fresh);
            producer.get(LONG.toSeconds(), TimeUnit.SECONDS);
            assertSeenOnceLosingAtMost(victims, seen, n, takenByVictims);
            assertTrue(q.isEmpty());
            q.put(Payloads.patterned(5));
            assertEquals(5, Payloads.verify(q.take()), "the queue still works");
        }
    }

    /** Takes and checks patterned messages until the one with sequence number -1; counts every other one. */
    private static void consumePatterned(Queue<byte[]> q, SharedLongArray seen, SharedLong taken)
            throws InterruptedException {
        while (true) {
            byte[] m = next(q);
            int seq = Payloads.verify(m, m.length >= 4 && java.nio.ByteBuffer.wrap(m).getInt() == -1 ? 4 : -1);
            if (seq == -1) {
                return;
            }
            seen.addAndGet(seq, 1);
            taken.incrementAndGet();
        }
    }

    private static void assertSeenOnceLosingAtMost(int lost, SharedLongArray seen, int n, long takenByVictims) {
        List<Integer> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long times = seen.get(i);
            if (times == 0) {
                missing.add(i);
            } else if (times > 1) {
                duplicated.add(i + " x" + times);
            }
        }
        assertEquals(List.of(), duplicated, "items delivered twice");
        assertTrue(missing.size() <= lost, () -> "a killed consumer may lose only the item it had taken; missing: "
                + missing.subList(0, Math.min(10, missing.size())) + " of " + missing.size()
                + "; the victims had counted " + takenByVictims);
    }

    @Test
    void queue_producersKilledMidStream_noCorruptionAndLaterMessagesArriveWhole() throws Exception {
        try (Context ctx = Context.processes()) {
            Queue<byte[]> q = ctx.queue(256);
            SharedLong sent = ctx.sharedLong(0);
            int expected = 0;
            for (int v = 1; v <= 3; v++) {
                int from = expected;
                sent.set(from);
                Worker victim = ctx.start(task(() -> {
                    for (int i = from; ; i++) {
                        q.put(Payloads.patterned(i));
                        sent.set(i + 1);
                    }
                }));
                while (sent.get() < from + 2_500) { // consume alongside, so that the producer is mid-stream when it dies
                    byte[] m = q.poll(LONG);
                    assertTrue(m != null, "the producer stopped producing");
                    assertEquals(expected++, Payloads.verify(m));
                }
                victim.kill();
                assertTrue(victim.join(LONG));
                assertEquals(-9, victim.exitCode().orElseThrow());
                long confirmed = sent.get();
                for (byte[] m = q.poll(Duration.ofMillis(100)); m != null; m = q.poll(Duration.ofMillis(100))) {
                    assertEquals(expected++, Payloads.verify(m), "items left by the dead producer, whole and in order");
                }
                long arrived = expected;
                assertTrue(arrived == confirmed || arrived == confirmed + 1,
                        () -> "the dead producer confirmed " + confirmed + " puts; " + arrived + " arrived");
                assertEquals(0, q.size());
            }
            int from = expected;
            Worker successor = ctx.start(task(() -> {
                for (int i = from; i < from + 1_000; i++) {
                    q.put(Payloads.patterned(i));
                }
            }));
            for (int i = from; i < from + 1_000; i++) {
                assertEquals(i, Payloads.verify(next(q)), "a later producer's items");
            }
            joinOk(successor);
            assertTrue(q.isEmpty());
        }
    }

    @Test
    void pipe_childHoldingOtherEndKilled_blockedRecvThrowsConnectionClosedSoon() throws Exception {
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe();
            Connection right = p.right();
            Worker holder = ctx.start(task(() -> {
                right.send("ready");
                right.send("last words");
                Workers.sleep(60_000);
            }));
            Connection left = p.left();
            assertEquals("ready", next(left));
            CompletableFuture<Long> blocked = Workers.supplyOnNewThread(() -> {
                try {
                    check("last words".equals(left.recv()), "sent before death, still arrives");
                    left.recv();
                    return -1L;
                } catch (ConnectionClosedException e) {
                    return System.nanoTime();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the parent is blocked in recv when the child dies
            assertFalse(blocked.isDone(), "recv returned while the peer was alive and silent");
            long killedAt = System.nanoTime();
            holder.kill();
            long noticedAt = blocked.get(LONG.toSeconds(), TimeUnit.SECONDS);
            assertTrue(noticedAt > 0, "recv returned a message after the peer died");
            long ms = TimeUnit.NANOSECONDS.toMillis(noticedAt - killedAt);
            assertTrue(ms < NOTICE_DEATH.toMillis(), "the peer's death was noticed after " + ms + " ms");
            Thread.sleep(100);
            assertThrows(ConnectionClosedException.class, left::recv, "the end of the stream stays");
            assertTrue(left.poll(Duration.ofMillis(10)), "poll is true at the end of the stream");
        }
    }

    @Test
    void pipe_childHoldingOtherEndKilled_sendThrowsConnectionClosedSoon() throws Exception {
        try (Context ctx = Context.processes()) {
            Connection left = leftAfterRightHolderKilled(ctx, ctx.pipe());
            long t0 = System.nanoTime();
            int accepted = 0;
            while (true) {
                try {
                    left.send("to the dead " + accepted);
                    accepted++;
                } catch (ConnectionClosedException e) {
                    break;
                }
                assertTrue(millisSince(t0) < NOTICE_DEATH.toMillis(),
                        "send still accepted " + NOTICE_DEATH + " after the peer died (" + accepted + " sends)");
                Thread.sleep(1);
            }
            assertThrows(ConnectionClosedException.class, () -> left.send("again"), "the peer stays dead");
        }
    }

    /** Once a receive has reported the peer dead, a send must not accept (and lose) a message. */
    @Test
    void send_rightAfterRecvReportedPeerDead_throwsConnectionClosed() throws Exception {
        try (Context ctx = Context.processes()) {
            Connection left = leftAfterRightHolderKilled(ctx, ctx.pipe());
            assertThrows(ConnectionClosedException.class, left::recv);
            assertThrows(ConnectionClosedException.class, () -> left.send("to the dead"),
                    "recv just reported the peer dead, yet send accepted a message");
        }
    }

    /**
     * Starts a child that holds the right end of {@code p}, reads its "ready" on the left end, then kills it and
     * joins it; returns the left end, whose peer is now dead.
     */
    private static Connection leftAfterRightHolderKilled(Context ctx, Pipe p) throws InterruptedException {
        Connection right = p.right();
        Worker holder = ctx.start(task(() -> {
            right.send("ready");
            Workers.sleep(60_000);
        }));
        Connection left = p.left();
        assertEquals("ready", next(left));
        holder.kill();
        assertTrue(holder.join(LONG));
        return left;
    }

    /**
     * A worker killed before it has even read its task: the end its task carried was granted to it at the start,
     * so its death releases it, and the parent (which closed its copy, as in CPython) is not left waiting.
     */
    @Test
    void pipe_workerKilledBeforeReadingItsTask_endItWasGivenIsReleased() throws Exception {
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe();
            Connection childConn = p.right();
            Worker w = ctx.start(task(() -> childConn.send("never sent")));
            childConn.close();
            w.kill(); // at once: the child JVM is still starting
            assertTrue(w.join(LONG));
            long t0 = System.nanoTime();
            assertThrows(ConnectionClosedException.class, p.left()::recv);
            assertTrue(millisSince(t0) < NOTICE_DEATH.toMillis(), "noticed after " + millisSince(t0) + " ms");
        }
    }

    @Test
    void pipe_childHoldingOtherEndExits_parentsRecvThrowsConnectionClosed() throws Exception {
        try (Context ctx = Context.processes()) {
            Pipe p = ctx.pipe(false);
            Connection writer = p.right();
            Worker w = ctx.start(task(() -> writer.send("bye"))); // ends without closing its end
            joinOk(w);
            Connection reader = p.left();
            assertEquals("bye", next(reader));
            long t0 = System.nanoTime();
            CompletableFuture<Object> r = Workers.supplyOnNewThread(() -> uninterruptibly(reader::recv));
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(LONG.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(ConnectionClosedException.class, e.getCause());
            assertTrue(millisSince(t0) < NOTICE_DEATH.toMillis(), "noticed after " + millisSince(t0) + " ms");
        }
    }

    /**
     * A producer far ahead of its consumer (the flood): files grow with the bytes waiting, not with the messages,
     * every item arrives once and in order, the backlog drains at a rate of the same order as the ring's, and the
     * overflow's files are gone once it has drained. One file per message made 1.2 M files and drained at 11 k/s.
     */
    @Test
    void unboundedQueue_producerFarAheadOfConsumer_fewFilesFastDrainNothingLeft() throws Exception {
        int items = 3_500_000;
        int ringPart = 1_200_000; // a 32 MiB ring holds ~2 M small records: the first ones come from the ring
        int overflowFrom = 2_300_000;
        try (Context ctx = Context.processes()) {
            Queue<Integer> q = ctx.queue();
            Set<String> before = ownShmFiles();
            Worker producer = ctx.start(task(() -> {
                for (int i = 0; i < items; i++) {
                    q.put(i);
                }
            }));
            joinOk(producer); // no consumer yet: everything waits in the queue
            assertEquals(items, q.size());
            Set<String> overflow = overflowFiles(difference(ownShmFiles(), before));
            assertTrue(!overflow.isEmpty() && overflow.size() <= 8, "overflow files: " + overflow);
            long[] at = new long[4];
            for (int i = 0; i < items; i++) {
                if (i == 50_000 || i == ringPart || i == overflowFrom) {
                    at[i == 50_000 ? 0 : i == ringPart ? 1 : 2] = System.nanoTime();
                }
                int got = q.take();
                if (got != i) {
                    assertEquals(i, got, "items arrive once, in order");
                }
            }
            at[3] = System.nanoTime();
            double ringRate = (ringPart - 50_000) / ((at[1] - at[0]) / 1e9);
            double overflowRate = (items - overflowFrom) / ((at[3] - at[2]) / 1e9);
            assertTrue(q.isEmpty());
            assertEquals(Set.of(), overflowFiles(ownShmFiles()), "the drained overflow's files are removed");
            // the goal (within 2x of the ring) is measured in the benchmarks; this bound only catches a cliff
            assertTrue(overflowRate > ringRate / 5, String.format(
                    "overflow drains at %.0f msg/s, the ring at %.0f msg/s", overflowRate, ringRate));
        }
    }

    /** Blocks of unbounded queues' overflow chains: {@code ...-h<n>q<queue>o<block>}. */
    private static Set<String> overflowFiles(Set<String> names) {
        return names.stream().filter(n -> n.matches(".*q[0-9]+o[0-9]+")).collect(Collectors.toSet());
    }

    @Test
    void close_afterQueuesPipesLargeMessagesAndKilledChild_leavesNoShmFile() throws Exception {
        Set<String> before = ownShmFiles();
        Set<String> during;
        Set<Long> childPids = new HashSet<>();
        try (Context ctx = Context.processes()) {
            Queue<Object> q = ctx.queue(8);
            JoinableQueue<Object> jq = ctx.joinableQueue();
            Pipe p = ctx.pipe();
            Pipe oneWay = ctx.pipe(false);
            Connection right = p.right();
            Connection writer = oneWay.right();
            q.put(Payloads.patterned(1, 3 << 20)); // large and never read: its transfer segment is left to close()
            Event sent = ctx.event();
            Worker victim = ctx.start(task(() -> {
                jq.put(Payloads.patterned(2, 2 << 20));
                right.sendBytes(Payloads.patterned(3, 2 << 20));
                writer.send(Payloads.Order.of(4));
                sent.set();
                while (true) {
                    q.offer(Payloads.patterned(5, 2 << 20), Duration.ofMillis(1)); // spills, and refuses when full
                }
            }));
            childPids.add(victim.pid());
            assertTrue(sent.await(LONG));
            assertEquals(Payloads.Order.of(4), next(oneWay.left()));
            Thread.sleep(100);
            victim.kill();
            assertTrue(victim.join(LONG));
            during = difference(ownShmFiles(), before);
            assertFalse(during.isEmpty(), "expected /dev/shm files of this JVM while the context is open");
            assertFalse(transferFiles().isEmpty(), "expected unread large messages in transfer segments");
        }
        assertEquals(Set.of(), difference(ownShmFiles(), before), "left in /dev/shm after close; during: " + during);
        assertEquals(Set.of(), shmFilesOf(childPids), "left in /dev/shm by the killed child");
    }

    @Test
    void close_whileParentThreadBlockedInTake_closesAndTheTakeDoesNotHang() throws Exception {
        Context ctx = Context.processes();
        Queue<String> q = ctx.queue();
        Pipe p = ctx.pipe();
        CompletableFuture<Object> take = Workers.supplyOnNewThread(() -> uninterruptibly(q::take));
        CompletableFuture<Object> recv = Workers.supplyOnNewThread(() -> uninterruptibly(p.left()::recv));
        Thread.sleep(300); // both are asleep in a futex wait when the context closes
        ctx.close();
        for (CompletableFuture<Object> f : List.of(take, recv)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(LONG.toSeconds(), TimeUnit.SECONDS),
                    "a blocked call on a closed context must end, with an exception");
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    /** {@code /dev/shm} files created on behalf of this JVM: {@code multiproc-<pid>-*}. */
    static Set<String> ownShmFiles() throws IOException {
        return shmFilesOf(Set.of(ProcessHandle.current().pid()));
    }

    static Set<String> shmFilesOf(Set<Long> pids) throws IOException {
        try (Stream<Path> files = Files.list(dev.multiproc.internal.shm.Platform.directory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> pids.stream().anyMatch(pid -> n.startsWith("multiproc-" + pid + "-")))
                    .collect(Collectors.toCollection(HashSet::new));
        }
    }

    /** This JVM's transfer segments (large messages on their way): {@code multiproc-<pid>-<start>-h<n>x<writer>_<n>}. */
    static Set<String> transferFiles() throws IOException {
        return ownShmFiles().stream().filter(n -> n.matches(".*-h[0-9]+x[0-9]+_[0-9]+")).collect(Collectors.toSet());
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
