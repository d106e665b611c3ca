package dev.multiproc.bench;

import dev.multiproc.SerializableRunnable;
import dev.multiproc.internal.engine.Codec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Encode + decode round trip of a task lambda and of a small message, JDK serialization vs Fory. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CodecBenchmark {
    /** A small message: what queues will carry. */
    public record Order(long id, String customer, List<Integer> items, double total) implements Serializable {
    }

    @Param({"jdk", "fory"})
    public String codec;

    private Codec c;
    private SerializableRunnable task;
    private Order order;

    @Setup
    public void setUp() {
        c = codec.equals("jdk") ? Codec.tasks() : new ForyCodec();
        int captured = 42;
        task = () -> Integer.toString(captured);
        order = new Order(7, "ada", List.of(1, 2, 3), 12.5);
    }

    @Benchmark
    public Object taskRoundTrip() {
        return c.decode(c.encode(task));
    }

    @Benchmark
    public Object messageRoundTrip() {
        return c.decode(c.encode(order));
    }
}
