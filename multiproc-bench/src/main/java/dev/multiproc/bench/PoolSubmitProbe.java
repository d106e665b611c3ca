package dev.multiproc.bench;

import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.SerializableCallable;

import java.util.Arrays;

/**
 * Submit + get of one trivial task on a warm process pool of 2, measured directly: medians of 5 000 in
 * three rounds, a non-capturing lambda and a capturing one (which takes the normal JDK-serialization
 * path each time). Run: {@code java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar
 * dev.multiproc.bench.PoolSubmitProbe}.
 */
public final class PoolSubmitProbe {
    private static final int N = 5_000;

    private PoolSubmitProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(2)) {
            int one = args.length; // captured below: a lambda with a value
            SerializableCallable<Integer> plain = () -> 1;
            SerializableCallable<Integer> capturing = () -> one;
            for (int round = 1; round <= 3; round++) {
                System.out.printf("round %d: non-capturing %.1f us, capturing %.1f us%n", round,
                        medianMicros(pool, plain), medianMicros(pool, capturing));
            }
        }
    }

    private static double medianMicros(Pool pool, SerializableCallable<Integer> task) throws Exception {
        long[] samples = new long[N];
        for (int i = 0; i < N; i++) {
            long t0 = System.nanoTime();
            pool.submit(task).get();
            samples[i] = System.nanoTime() - t0;
        }
        Arrays.sort(samples);
        return samples[N / 2] / 1e3;
    }
}
