package dev.multiproc.cpython;

import dev.multiproc.Context;
import dev.multiproc.Engine;
import dev.multiproc.Pool;
import dev.multiproc.PoolOptions;
import dev.multiproc.WorkerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CPython's {@code _TestPool}, {@code _TestPoolWorkerErrors} and {@code _TestPoolWorkerLifetime}, translated, on
 * every engine, with one shared {@code Pool(4)} per engine as CPython's {@code setUpClass} makes. The API's
 * differences: no {@code apply}/async forms (a {@code submit}), no {@code starmap} (pairs), a task's failure
 * arrives wrapped ({@link WorkerException} naming the remote class), and {@code close()} waits for the work where
 * Python's {@code with Pool} terminates it.
 */
@Timeout(180)
class TestPoolTest {
    private static final Map<Engine, Context> CONTEXTS = new EnumMap<>(Engine.class);
    private static final Map<Engine, Pool> POOLS = new EnumMap<>(Engine.class);

    /** CPython's {@code SayWhenError}. */
    static final class SayWhen extends IllegalArgumentException {
        SayWhen() {
            super("Somebody said when");
        }
    }

    /** CPython's {@code exception_throwing_generator(total, when)}: 0, 1, ... and SayWhen at {@code when}. */
    private static Iterable<Integer> throwingAt(int total, int when) {
        return () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                if (next == when) {
                    throw new SayWhen();
                }
                return next < total;
            }

            @Override
            public Integer next() {
                hasNext();
                return next++;
            }
        };
    }

    private static Pool pool(Engine engine) {
        synchronized (POOLS) {
            Context ctx = CONTEXTS.computeIfAbsent(engine, Engine::open);
            return POOLS.computeIfAbsent(engine, e -> ctx.pool(4));
        }
    }

    private static Context context(Engine engine) {
        pool(engine);
        return CONTEXTS.get(engine);
    }

    @AfterAll
    static void closePools() {
        POOLS.values().forEach(Pool::shutdownNow);
        CONTEXTS.values().forEach(Context::close);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(i -> i * i).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void apply_asSubmit_returnsTheValue(Engine engine) throws Exception {
        Pool p = pool(engine);
        assertEquals(25, p.submit(() -> 5 * 5).get());
        assertEquals(9, p.submit(() -> 3 * 3).get());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void map_withAndWithoutChunks_inOrder(Engine engine) {
        Pool p = pool(engine);
        assertEquals(squares(10), p.map(x -> x * x, range(10)));
        assertEquals(squares(100), p.map(x -> x * x, range(100), 20));
    }

    /** test_starmap, with pairs. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void starmap_pairs_inOrder(Engine engine) {
        Pool p = pool(engine);
        List<int[]> pairs = IntStream.range(0, 100).mapToObj(i -> new int[] {i, 99 - i}).toList();
        List<Integer> expected = IntStream.range(0, 100).map(i -> i * (99 - i)).boxed().toList();
        assertEquals(expected, p.map(a -> a[0] * a[1], pairs, 20));
        assertEquals(expected.subList(0, 10), p.map(a -> a[0] * a[1], pairs.subList(0, 10)));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PROCESSES", "CLUSTER"})
    void mapUnpicklable_refusedInTheCallerWithoutHanging(Engine engine) {
        Pool p = pool(engine);
        Object unpicklable = new Object();
        assertThrows(IllegalArgumentException.class, () -> p.map(x -> x, java.util.Collections.nCopies(10, unpicklable)));
        assertEquals(List.of(1), p.map(x -> x, List.of(1)), "the pool goes on");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void mapChunksize_emptyInput_noStall(Engine engine) {
        Pool p = pool(engine);
        assertEquals(List.of(), p.map(x -> x, List.of(), 1));
    }

    /** test_map_handle_iterable_exception: the input's own exception, unwrapped; the pool goes on. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void mapHandleIterableException_inputsExceptionUnwrapped(Engine engine) {
        Pool p = pool(engine);
        for (int when : new int[] {0, 3, 0}) { // twice at the first item: the pool must still work after
            Collection<Integer> items = new AbstractCollection<>() {
                @Override
                public Iterator<Integer> iterator() {
                    return throwingAt(10, when).iterator();
                }

                @Override
                public int size() {
                    return 10;
                }
            };
            assertThrows(SayWhen.class, () -> p.map(x -> x * x, items, 1));
        }
        assertEquals(squares(3), p.map(x -> x * x, range(3)));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void async_submitSleepingTask_valueAfterTheSleep(Engine engine) throws Exception {
        Pool p = pool(engine);
        Future<Integer> f = p.submit(() -> {
            Thread.sleep(100);
            return 7 * 7;
        });
        assertEquals(49, f.get(Bunch.SHORT.toSeconds(), TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void asyncTimeout_getWithTimeout_timesOutAndPoolStops(Engine engine) throws Exception {
        try (Pool p = context(engine).pool(3)) {
            Future<Integer> f = p.submit(() -> {
                Thread.sleep(30_100);
                return 36;
            });
            assertThrows(TimeoutException.class, () -> f.get(100, TimeUnit.MILLISECONDS));
            p.shutdownNow(); // threads are interrupted, worker JVMs killed
            assertTrue(p.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imap_stepwise_thenEnd(Engine engine) {
        Pool p = pool(engine);
        assertEquals(squares(10), p.imap(x -> x * x, range(10)).toList());
        Iterator<Integer> it = p.<Integer, Integer>imap(x -> x * x, range(10)).iterator();
        for (int i = 0; i < 10; i++) {
            assertEquals(i * i, it.next());
        }
        assertFalse(it.hasNext());
        assertEquals(squares(1000), p.imap(x -> x * x, range(1000)).toList());
    }

    /** test_imap_handle_iterable_exception, for chunks of one item (no chunk size here yet). */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void imapHandleIterableException_resultsBeforeTheFailureThenIt(Engine engine) {
        Pool p = pool(engine);
        for (int attempt = 0; attempt < 2; attempt++) {
            Iterator<Integer> first = p.<Integer, Integer>imap(x -> x * x, throwingAt(1, 0)).iterator();
            assertThrows(SayWhen.class, first::next);
        }
        for (int[] totalWhen : new int[][] {{10, 3}, {20, 7}}) {
            Iterator<Integer> it = p.<Integer, Integer>imap(x -> x * x, throwingAt(totalWhen[0], totalWhen[1]))
                    .iterator();
            for (int i = 0; i < totalWhen[1]; i++) {
                assertEquals(i * i, it.next());
            }
            assertThrows(SayWhen.class, it::next);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imapUnordered_everyResult(Engine engine) {
        Pool p = pool(engine);
        assertEquals(squares(10), p.imapUnordered(x -> x * x, range(10)).sorted().toList());
        assertEquals(squares(1000), p.imapUnordered(x -> x * x, range(1000)).sorted().toList());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void imapUnorderedHandleIterableException_distinctResultsThenIt(Engine engine) {
        Pool p = pool(engine);
        assertThrows(SayWhen.class, () -> p.<Integer, Integer>imapUnordered(x -> x * x, throwingAt(1, 0))
                .iterator().next());
        for (int[] totalWhen : new int[][] {{10, 3}, {20, 7}}) {
            Set<Integer> expected = new HashSet<>(squares(totalWhen[1]));
            Iterator<Integer> it = p.<Integer, Integer>imapUnordered(x -> x * x,
                    throwingAt(totalWhen[0], totalWhen[1])).iterator();
            assertThrows(SayWhen.class, () -> {
                while (it.hasNext()) {
                    Integer v = it.next();
                    assertTrue(expected.remove(v), "an expected, new result: " + v);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void makePool_badSizesRefused(Engine engine) {
        Context ctx = context(engine);
        assertThrows(IllegalArgumentException.class, () -> ctx.pool(-1));
        assertThrows(IllegalArgumentException.class, () -> ctx.pool(0));
        try (Pool p = ctx.pool(3)) {
            assertEquals(3, p.workers());
        }
    }

    /** test_terminate: many long tasks, then shutdownNow ends the pool promptly. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void terminate_manyLongTasks_poolEndsPromptly(Engine engine) throws Exception {
        Pool p = context(engine).pool(3);
        for (int i = 0; i < (engine == Engine.CLUSTER ? 300 : 10_000); i++) {
            p.submit(() -> {
                Thread.sleep(300_000);
                return null;
            });
        }
        Thread.sleep(200);
        p.shutdownNow();
        assertTrue(p.awaitTermination(30, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void emptyIterable_everyFormEmpty(Engine engine) {
        Pool p = pool(engine);
        assertEquals(List.of(), p.map(x -> x, List.of()));
        assertEquals(List.of(), p.imap(x -> x, List.<Integer>of()).toList());
        assertEquals(List.of(), p.imapUnordered(x -> x, List.<Integer>of()).toList());
    }

    /** test_context: a pool in try-with-resources; closed, it refuses work (Python: ValueError). */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void context_closedPoolRefusesWork(Engine engine) {
        Pool p = context(engine).pool(2);
        try (p) {
            assertEquals(squares(10), p.map(x -> x * x, range(10)));
        }
        assertThrows(RejectedExecutionException.class, () -> p.map(x -> x, List.of(1)));
        assertThrows(RejectedExecutionException.class, () -> p.submit(() -> 1));
    }

    /**
     * test_traceback: the task's exception arrives with its class name, message and frames (the input's own
     * exception stays the caller's: {@link #mapHandleIterableException_inputsExceptionUnwrapped}).
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void traceback_taskFailure_classMessageAndFramesArrive(Engine engine) {
        Pool p = pool(engine);
        ExecutionException e = assertThrows(ExecutionException.class, () -> p.submit(() -> {
            throw new IllegalStateException("123");
        }).get());
        WorkerException w = assertInstanceOf(WorkerException.class, e.getCause());
        assertEquals("java.lang.IllegalStateException", w.remoteClassName());
        assertEquals("123", w.getMessage());
        assertTrue(Arrays.stream(w.getStackTrace()).anyMatch(f -> f.getClassName().contains("TestPoolTest")),
                () -> Arrays.toString(w.getStackTrace()));
    }

    /** test_map_no_failfast: a failing map with a 1 MiB message; close() waits for the slow item. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void mapNoFailfast_largeErrorArrivesAndCloseWaits(Engine engine) throws Exception {
        long t0 = System.nanoTime();
        try (Pool p = context(engine).pool(2)) {
            CompletionException e = assertThrows(CompletionException.class, () -> p.map(w -> {
                dev.multiproc.Workers.sleep(w * 1000L);
                throw new IllegalArgumentException("x".repeat(1 << 20));
            }, List.of(0, 1), 1));
            assertEquals(1 << 20, e.getCause().getMessage().length(), "the 1 MiB message travels whole");
            Thread.sleep(500);
        }
        assertTrue(System.nanoTime() - t0 > 900_000_000L, "close waited for the running item");
    }

    /** _TestPoolWorkerErrors.test_unpickleable_result: each fails; the pool keeps its workers. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PROCESSES", "CLUSTER"})
    void unpickleableResult_failsEachTimePoolGoesOn(Engine engine) throws Exception {
        Pool p = pool(engine);
        for (int i = 0; i < 5; i++) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> p.submit(() -> (Object) new Object()).get(Bunch.SHORT.toSeconds(), TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("java.lang.Object"), () -> e.getCause().toString());
        }
        assertEquals(4, p.submit(() -> 2 * 2).get());
    }

    /** _TestPoolWorkerLifetime.test_pool_worker_lifetime: workers are replaced after their task count. */
    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"PROCESSES", "CLUSTER"})
    void workerLifetime_maxTasksPerWorker_workersReplaced(Engine engine) throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(2).withMaxTasksPerWorker(5);
        try (Pool p = context(engine).pool(options)) {
            assertEquals(2, p.workers());
            List<Future<Long>> pids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                pids.add(p.submit(() -> ProcessHandle.current().pid()));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> f : pids) {
                distinct.add(f.get(Bunch.SHORT.toSeconds(), TimeUnit.SECONDS));
            }
            assertTrue(distinct.size() >= 4, "20 tasks, 5 per worker: at least 4 workers, saw " + distinct.size());
        }
    }

    /** test_pool_worker_lifetime_early_close: shutdown with one task per worker does not hang. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void workerLifetimeEarlyClose_shutdownDoesNotHang(Engine engine) throws Exception {
        PoolOptions options = PoolOptions.defaults().withWorkers(2).withMaxTasksPerWorker(1);
        Pool p = context(engine).pool(options);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int x = i;
            results.add(p.submit(() -> {
                Thread.sleep(300);
                return x * x;
            }));
        }
        p.shutdown();
        assertTrue(p.awaitTermination(60, TimeUnit.SECONDS));
        for (int i = 0; i < 4; i++) {
            assertEquals(i * i, results.get(i).get());
        }
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().withMaxTasksPerWorker(-1));
    }

}
