package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.SerializableCallable;
import dev.multiproc.SerializableFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The pool's overheads, as Python measures its own ({@code python/pool_map.py}): {@code Pool(2).map} of
 * 10 000 trivial tasks with chunks of one item and with the default chunking, and one trivial task's
 * submit + get on a warm pool. The workers stay up for the whole trial, as a Python pool's do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class PoolBenchmark {
    private static final SerializableFunction<Integer, Integer> SQUARE = x -> x * x;
    private static final SerializableCallable<Integer> ONE = () -> 1;

    @Param({"process", "thread"})
    public String engine;

    private Context ctx;
    private Pool pool;
    private final List<Integer> items = IntStream.range(0, 10_000).boxed().toList();

    @Setup(Level.Trial)
    public void open() {
        ctx = engine.equals("process") ? Context.processes() : Context.threads();
        pool = ctx.pool(2);
    }

    @TearDown(Level.Trial)
    public void close() {
        pool.close();
        ctx.close();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Integer> mapChunksOfOne() {
        return pool.map(SQUARE, items, 1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Integer> mapDefaultChunks() {
        return pool.map(SQUARE, items);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int submitGet() throws InterruptedException, ExecutionException {
        return pool.submit(ONE).get();
    }
}
