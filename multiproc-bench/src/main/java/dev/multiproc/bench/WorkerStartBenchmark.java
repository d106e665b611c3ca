package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Worker;
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

import java.util.concurrent.TimeUnit;

/**
 * Start + join of an empty worker on each engine. {@code warm} uses one warm spare and gives it time to
 * boot between operations (outside the measured time), so it measures the hand-off, not a refill race.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class WorkerStartBenchmark {
    @Param({"thread", "virtual", "process", "warm"})
    public String engine;

    private Context ctx;

    @Setup(Level.Trial)
    public void open() {
        ctx = switch (engine) {
            case "thread" -> Context.threads();
            case "virtual" -> Context.virtualThreads();
            case "process" -> Context.processes();
            case "warm" -> Context.processes(ProcessOptions.defaults().withWarmSpares(1));
            default -> throw new IllegalArgumentException(engine);
        };
    }

    @Setup(Level.Invocation)
    public void letSpareBoot() throws InterruptedException {
        if (engine.equals("warm")) {
            Thread.sleep(400); // not measured: a spare is replaced in the background after each hand-off
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        ctx.close();
    }

    @Benchmark
    public int startJoin() throws InterruptedException {
        Worker w = ctx.start(WorkerStartBenchmark::noop);
        w.join();
        return w.exitCode().orElseThrow();
    }

    private static void noop() {
    }
}
