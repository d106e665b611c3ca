package dev.multiproc.pool;

import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import dev.multiproc.SerializableCallable;
import dev.multiproc.WorkerException;
import dev.multiproc.Workers;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link Pool} must do; on {@code PROCESSES} every task runs in a worker JVM. */
@Timeout(90)
class PoolContractTest {
    private static final long LONG_SECONDS = 30;

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The progress bar over a map: one call per item, whatever the chunking, and current counts at the end. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void listener_mapOfTenThousand_itemDoneOncePerItem_statsCurrentWhenMapReturns(Engine engine) {
        int n = engine.rounds(10_000);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        dev.multiproc.PoolListener listener = new dev.multiproc.PoolListener() {
            @Override
            public void itemDone(dev.multiproc.PoolStats stats) {
                if (concurrent.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                calls.incrementAndGet();
                seen.add(stats.completed());
                concurrent.decrementAndGet();
            }
        };
        try (Context ctx = engine.open(); Pool pool = ctx.pool(PoolOptions.defaults().withWorkers(2).withListener(listener))) {
            assertEquals(n, pool.map(x -> x + 1, range(n), 1).size());
            assertEquals(n, calls.get());
            dev.multiproc.PoolStats after = pool.stats();
            assertEquals(n, after.completed());
            assertEquals(0, after.queued());
            assertEquals(n, pool.map(x -> x + 1, range(n)).size()); // default chunking
            assertEquals(2L * n, calls.get());
            assertEquals(2L * n, pool.stats().completed());
            assertEquals(0, overlaps.get(), "the listener was called concurrently");
            assertEquals(2L * n, seen.stream().mapToLong(Long::longValue).max().orElse(0));
            assertTrue(pool.stats().running() <= 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void stats_failedAndCancelledItems_counted(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            Future<Object> failing = pool.submit(() -> {
                throw new IllegalStateException("no");
            });
            assertThrows(ExecutionException.class, () -> failing.get(LONG_SECONDS, TimeUnit.SECONDS));
            CompletableFuture<Integer> blocker = pool.submit(() -> {
                Thread.sleep(LONG_SECONDS * 1000);
                return 0;
            });
            CompletableFuture<Integer> waiting = pool.submit(() -> 1);
            dev.multiproc.PoolStats during = pool.stats();
            assertTrue(during.queued() + during.running() >= 2, during.toString());
            assertTrue(during.running() <= 1, during.toString());
            waiting.cancel(false);
            blocker.cancel(true);
            dev.multiproc.PoolStats after = pool.stats();
            assertEquals(1, after.failed(), after.toString());
            assertEquals(2, after.cancelled(), after.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void submit_completableFutures_composeWithThenApplyAllOfAnyOf(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            CompletableFuture<Integer> a = pool.submit(() -> 20);
            CompletableFuture<Integer> b = pool.submit(() -> 22);
            assertEquals(42, a.thenCombine(b, Integer::sum).get(LONG_SECONDS, TimeUnit.SECONDS));
            assertEquals("x20", a.thenApply(v -> "x" + v).get(LONG_SECONDS, TimeUnit.SECONDS));
            CompletableFuture.allOf(a, b).get(LONG_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<Integer> slow = pool.submit(() -> {
                Thread.sleep(LONG_SECONDS * 1000);
                return 0;
            });
            assertEquals(7, CompletableFuture.anyOf(slow, pool.submit(() -> 7)).get(LONG_SECONDS, TimeUnit.SECONDS));
            slow.cancel(true);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void submit_callerCompletesOrObtrudes_outcomeStaysThePools(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            CompletableFuture<Integer> f = pool.submit(() -> {
                Thread.sleep(200);
                return 5;
            });
            assertFalse(f.complete(99));
            assertFalse(f.completeExceptionally(new IllegalStateException("not the task's")));
            f.obtrudeValue(98);
            assertEquals(5, f.get(LONG_SECONDS, TimeUnit.SECONDS));
            f.obtrudeException(new IllegalStateException("not the task's"));
            assertEquals(5, f.get(LONG_SECONDS, TimeUnit.SECONDS));
        }
    }

    /** The JDK's wrappers carry a future of this JVM: refused where tasks are serialized, with the way out. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void jdkWrappers_supplyAsyncAndCompletionService_refusedWithTheAlternativeWhereTasksTravel(Engine engine)
            throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            if (!engine.isProcess()) {
                assertEquals(3, CompletableFuture.supplyAsync(() -> 3, pool).get(LONG_SECONDS, TimeUnit.SECONDS));
                return;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CompletableFuture.supplyAsync(() -> 3, pool));
            assertTrue(e.getMessage().contains("imapUnordered") && e.getMessage().contains("anyOf"), e.getMessage());
            var service = new java.util.concurrent.ExecutorCompletionService<Integer>(pool);
            e = assertThrows(IllegalArgumentException.class, () -> service.submit(() -> 4));
            assertTrue(e.getMessage().contains("imapUnordered"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imap_chunkSizes_sameResultsInOrderAndUnordered(Engine engine) {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            List<Integer> expected = range(engine.rounds(1000)).stream().map(x -> x * 3).toList();
            for (int chunk : new int[] {1, 7, 100, 5000}) {
                try (Stream<Integer> s = pool.imap(x -> x * 3, range(expected.size()), chunk)) {
                    assertEquals(expected, s.toList(), "chunk " + chunk);
                }
                try (Stream<Integer> s = pool.imapUnordered(x -> x * 3, range(expected.size()), chunk)) {
                    assertEquals(new TreeSet<>(expected), new TreeSet<>(s.toList()), "chunk " + chunk);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> pool.imap(x -> x, range(3), 0));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void workerCurrent_inPoolWorkers_namedWithAnIndexBelowTheWorkerCount(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            List<Future<dev.multiproc.WorkerInfo>> infos = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                infos.add(pool.submit(() -> dev.multiproc.Worker.current().orElseThrow()));
            }
            for (Future<dev.multiproc.WorkerInfo> f : infos) {
                dev.multiproc.WorkerInfo info = f.get(LONG_SECONDS, TimeUnit.SECONDS);
                assertTrue(info.name().contains("-worker-"), info.toString());
                assertTrue(info.index() >= 0 && info.index() < 2, info.toString());
                if (engine.isProcess()) {
                    assertNotEquals(ProcessHandle.current().pid(), info.pid(), info.toString());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void map_tenThousandItems_inOrder_withAutomaticChunksAndChunksOfOne(Engine engine) {
        List<Integer> items = range(10_000);
        List<Integer> squares = items.stream().map(i -> i * i).toList();
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            assertEquals(squares, pool.map(i -> i * i, items));
            assertEquals(squares, pool.map(i -> i * i, items, 1));
            assertEquals(List.of(), pool.map(i -> i, List.<Integer>of()));
            assertEquals(2, pool.workers());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imap_ordered_and_imapUnordered_sameResults(Engine engine) {
        List<Integer> items = range(500);
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            List<String> ordered;
            try (Stream<String> s = pool.imap(i -> "v" + i, items)) {
                ordered = s.toList();
            }
            assertEquals(items.stream().map(i -> "v" + i).toList(), ordered);
            Set<Integer> unordered;
            try (Stream<Integer> s = pool.imapUnordered(i -> i + 1, items)) {
                unordered = s.collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(new TreeSet<>(range(501).subList(1, 501)), unordered);
        }
    }

    /** CPython's test_imap_handle_iterable_exception: results before the input's failure come first. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void imap_inputThrowsAtItemThree_deliversItemsBeforeThenThrows(Engine engine) {
        Iterable<Integer> failingAt3 = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 3) {
                    throw new IllegalStateException("say when: 3");
                }
                return next++;
            }
        };
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            Iterator<Integer> it = pool.<Integer, Integer>imap(i -> i * i, failingAt3).iterator();
            for (int i = 0; i < 3; i++) {
                assertTrue(it.hasNext(), "result " + i + " is delivered before the input's failure");
                assertEquals(i * i, it.next());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, it::hasNext);
            assertEquals("say when: 3", e.getMessage());
            assertFalse(it.hasNext(), "the stream ends after the input's failure");
            List<Integer> before = new ArrayList<>();
            Iterator<Integer> unordered = pool.<Integer, Integer>imapUnordered(i -> i * i, failingAt3).iterator();
            assertThrows(IllegalStateException.class, () -> unordered.forEachRemaining(before::add));
            assertEquals(List.of(0, 1, 4), before.stream().sorted().toList(), "every result, then the failure");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imap_endlessInput_limit100_readsABoundedWindowAhead(Engine engine) {
        AtomicInteger read = new AtomicInteger();
        Iterable<Integer> endless = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.getAndIncrement();
            }
        };
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            List<Integer> first;
            try (Stream<Integer> s = pool.imap(i -> i * 2, endless)) {
                first = s.limit(100).toList();
            }
            assertEquals(range(100).stream().map(i -> i * 2).toList(), first);
            int ahead = read.get() - 100;
            assertTrue(ahead >= 0 && ahead <= 64, "items read beyond the 100 consumed: " + ahead);
            try (Stream<Integer> s = pool.imapUnordered(i -> i, endless)) {
                assertEquals(100, s.limit(100).count());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void submit_valueAndFailure_failureCarriesClassMessageAndFrames(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            assertEquals(42, pool.submit(() -> 6 * 7).get(LONG_SECONDS, TimeUnit.SECONDS));
            SerializableCallable<Integer> failing = () -> {
                throw new IllegalStateException("no luck");
            };
            Future<Integer> f = pool.submit(failing);
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(LONG_SECONDS, TimeUnit.SECONDS));
            WorkerException w = assertInstanceOf(WorkerException.class, e.getCause());
            assertEquals(IllegalStateException.class.getName(), w.remoteClassName());
            assertEquals("no luck", w.getMessage());
            assertTrue(w.getStackTrace().length > 0);
            assertEquals(Future.State.FAILED, f.state());
            // a Runnable that is serializable runs too, and the pool goes on after a failure
            assertEquals("done", pool.submit((Runnable & java.io.Serializable) () -> { }, "done").get());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void map_failingItem_throwsCompletionException_andThePoolGoesOn(Engine engine) {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            CompletionException e = assertThrows(CompletionException.class, () -> pool.map(i -> {
                if (i == 37) {
                    throw new ArithmeticException("item " + i);
                }
                return i;
            }, range(100), 1));
            WorkerException w = assertInstanceOf(WorkerException.class, e.getCause());
            assertEquals(ArithmeticException.class.getName(), w.remoteClassName());
            assertEquals("item 37", w.getMessage());
            assertEquals(range(10), pool.map(i -> i, range(10)));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void invokeAll_inOrder_and_invokeAny_oneResult(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(2)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                tasks.add((SerializableCallable<Integer>) () -> n * 10);
            }
            List<Future<Integer>> all = pool.invokeAll(tasks);
            for (int i = 0; i < 6; i++) {
                assertEquals(i * 10, all.get(i).get());
            }
            int any = pool.invokeAny(tasks);
            assertTrue(any % 10 == 0 && any <= 50, "invokeAny gave " + any);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void initializer_runsInEachWorkerBeforeItsTasks(Engine engine) throws Exception {
        String key = "multiproc.test.init." + engine;
        PoolOptions options = PoolOptions.defaults().withWorkers(2)
                .withInitializer(() -> System.setProperty(key, "initialized"));
        try (Context ctx = engine.open(); Pool pool = ctx.pool(options)) {
            List<String> seen = pool.map(i -> System.getProperty(key), range(20), 1);
            assertEquals(20, seen.stream().filter("initialized"::equals).count(), seen.toString());
        } finally {
            System.clearProperty(key);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void initializerThatThrows_failsTheWorkersFirstTask_nothingHangs(Engine engine) {
        PoolOptions options = PoolOptions.defaults().withWorkers(1).withInitializer(() -> {
            throw new IllegalStateException("no database");
        });
        try (Context ctx = engine.open(); Pool pool = ctx.pool(options)) {
            for (int i = 0; i < 2; i++) {
                Future<Integer> f = pool.submit(() -> 1);
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(LONG_SECONDS, TimeUnit.SECONDS));
                WorkerException w = assertInstanceOf(WorkerException.class, e.getCause());
                assertEquals(IllegalStateException.class.getName(), w.remoteClassName());
                assertTrue(w.getMessage().contains("initializer") && w.getMessage().contains("no database"), w.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shutdown_finishesQueuedWork_refusesNewWork(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pool pool = ctx.pool(1);
            List<Future<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                queued.add(pool.submit(() -> {
                    Thread.sleep(20);
                    return n;
                }));
            }
            pool.shutdown();
            assertTrue(pool.isShutdown());
            assertThrows(RejectedExecutionException.class, () -> pool.submit(() -> 1));
            assertThrows(RejectedExecutionException.class, () -> pool.map(i -> i, range(3)));
            assertTrue(pool.awaitTermination(LONG_SECONDS, TimeUnit.SECONDS));
            assertTrue(pool.isTerminated());
            for (int i = 0; i < 5; i++) {
                assertEquals(i, queued.get(i).get(0, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_waitsForSubmittedWork(Engine engine) throws Exception {
        List<Future<String>> futures = new ArrayList<>();
        try (Context ctx = engine.open()) {
            try (Pool pool = ctx.pool(2)) {
                for (int i = 0; i < 4; i++) {
                    futures.add(pool.submit(() -> {
                        Thread.sleep(300);
                        return "finished";
                    }));
                }
            }
            for (Future<String> f : futures) {
                assertTrue(f.isDone());
                assertEquals("finished", f.get(0, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void shutdownNow_stopsTheRunningTask_returnsWhatNeverStarted(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Pool pool = ctx.pool(1);
            assertEquals(1, pool.submit(() -> 1).get(LONG_SECONDS, TimeUnit.SECONDS)); // the worker is up
            Future<Integer> running = pool.submit(() -> {
                Thread.sleep(60_000);
                return 0;
            });
            Thread.sleep(300); // let it start
            List<Future<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(pool.submit(() -> 2));
            }
            List<Runnable> notStarted = pool.shutdownNow();
            assertEquals(3, notStarted.size(), notStarted.toString());
            assertTrue(pool.awaitTermination(LONG_SECONDS, TimeUnit.SECONDS));
            assertThrows(CancellationException.class, () -> running.get(0, TimeUnit.SECONDS));
            waiting.forEach(f -> assertFalse(f.isDone()));
            notStarted.getFirst().run(); // what never started can still be run by the caller
            assertEquals(2, waiting.getFirst().get(0, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void taskTimeout_failsTheTaskWithTimeout_otherTasksComplete(Engine engine) throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(2).withTaskTimeout(Duration.ofMillis(500));
        try (Context ctx = engine.open(); Pool pool = ctx.pool(options)) {
            Future<String> slow = pool.submit(() -> {
                Thread.sleep(30_000); // interruptible: thread engines stop it that way
                return "slow";
            });
            Future<String> quick = pool.submit(() -> "quick");
            assertEquals("quick", quick.get(LONG_SECONDS, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(LONG_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertEquals("after", pool.submit(() -> "after").get(LONG_SECONDS, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cancelTrue_ofARunningTask_stopsIt_andThePoolGoesOn(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            assertEquals(1, pool.submit(() -> 1).get(LONG_SECONDS, TimeUnit.SECONDS));
            Future<Integer> running = pool.submit(() -> {
                Thread.sleep(60_000);
                return 0;
            });
            Future<Integer> behind = pool.submit(() -> 7);
            Thread.sleep(300);
            assertTrue(running.cancel(true));
            assertThrows(CancellationException.class, running::get);
            assertEquals(7, behind.get(LONG_SECONDS, TimeUnit.SECONDS));
            Future<Integer> queued = pool.submit(() -> {
                Thread.sleep(1_000);
                return 1;
            });
            Future<Integer> never = pool.submit(() -> 2);
            assertTrue(never.cancel(false));
            assertEquals(1, queued.get(LONG_SECONDS, TimeUnit.SECONDS));
            assertTrue(never.isCancelled());
        }
    }

    /** An engine may wait for the answer in the caller's thread: a cancellation must still reach that wait. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void cancelFalse_whileAnotherThreadWaitsInGet_theWaiterSeesTheCancellation(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            assertEquals(1, pool.submit(() -> 1).get(LONG_SECONDS, TimeUnit.SECONDS));
            Future<Integer> running = pool.submit(() -> {
                Thread.sleep(120_000); // far past the wait below: only the cancellation can end the waiter's get
                return 0;
            });
            CompletableFuture<Throwable> waiter = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    running.get();
                    waiter.complete(null);
                } catch (Throwable t) {
                    waiter.complete(t);
                }
            });
            Thread.sleep(300); // the waiter is in get()
            assertTrue(running.cancel(false));
            assertInstanceOf(CancellationException.class, waiter.get(LONG_SECONDS, TimeUnit.SECONDS));
            pool.shutdownNow(); // the task ignored the cancellation: stop it
        }
    }

    /** Interrupting one waiter stops its wait only: the task runs on, and its result reaches other waiters. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void aWaiterInterruptedInGet_getsInterruptedException_theResultIsNotLost(Engine engine) throws Exception {
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            assertEquals(1, pool.submit(() -> 1).get(LONG_SECONDS, TimeUnit.SECONDS));
            Future<Integer> task = pool.submit(() -> {
                Thread.sleep(1_500);
                return 42;
            });
            assertInstanceOf(InterruptedException.class, Workers.interruptWhileBlocked(task::get, null));
            assertEquals(42, task.get(LONG_SECONDS, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void plainCallable_notSerializable_refusedOnProcessesOnly(Engine engine) throws Exception {
        Callable<Integer> plain = new Callable<>() { // an anonymous class: not Serializable
            @Override
            public Integer call() {
                return 5;
            }
        };
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            if (engine.isProcess()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.submit(plain));
                assertTrue(e.getMessage().contains(plain.getClass().getName()), e.getMessage());
                assertEquals(3, pool.submit(() -> 3).get(LONG_SECONDS, TimeUnit.SECONDS)); // nothing was queued
            } else {
                assertEquals(5, pool.submit(plain).get(LONG_SECONDS, TimeUnit.SECONDS));
            }
        }
    }
}
