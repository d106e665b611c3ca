package dev.multiproc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each child-JVM flag buys: runs the child's start-up path ({@code ChildMain --train}: link, frames,
 * task decoding) as a fresh JVM under each flag set, interleaved so that machine drift hits all alike,
 * and two CPU-bound runs (a tight loop counting primes; streams over boxed values) with and without
 * {@code -XX:TieredStopAtLevel=1}. Prints medians and
 * ratios against the JVM's defaults measured in the same run.
 *
 * <p>Run: {@code java -cp multiproc-bench/target/benchmarks.jar dev.multiproc.bench.ChildFlagsProbe [runs]}
 */
public final class ChildFlagsProbe {
    private static final String CHILD = "dev.multiproc.internal.process.ChildMain";

    private ChildFlagsProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("primes")) {
            long t = System.nanoTime();
            System.out.println(countPrimes(4_000_000) + " " + (System.nanoTime() - t) / 1_000_000);
            return;
        }
        if (args.length > 0 && args[0].equals("streams")) {
            long t = System.nanoTime();
            System.out.println(groupAndCount() + " " + (System.nanoTime() - t) / 1_000_000);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path aot = Files.createTempDirectory("multiproc-flags-").resolve("child.aot");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("JVM defaults", List.of());
        variants.put("+ SerialGC", List.of("-XX:+UseSerialGC"));
        variants.put("+ SerialGC -UsePerfData", List.of("-XX:+UseSerialGC", "-XX:-UsePerfData"));
        variants.put("+ SerialGC -UsePerfData + AOT cache",
                List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:AOTCache=" + aot));
        variants.put("+ SerialGC -UsePerfData + AOT + C1 only",
                List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:AOTCache=" + aot, "-XX:TieredStopAtLevel=1"));
        train(aot);
        Map<String, long[]> samples = new LinkedHashMap<>();
        variants.keySet().forEach(k -> samples.put(k, new long[runs]));
        for (int i = 0; i < runs; i++) {
            for (var v : variants.entrySet()) {
                samples.get(v.getKey())[i] = timeRun(v.getValue(), List.of(CHILD, "--train"));
            }
        }
        double base = median(samples.get("JVM defaults"));
        System.out.println();
        System.out.println("| child JVM flags | start-up path, median ms | ratio to defaults |");
        System.out.println("|---|---|---|");
        for (var e : samples.entrySet()) {
            double m = median(e.getValue());
            System.out.printf("| %s | %.1f | %.2fx |%n", e.getKey(), m, m / base);
        }
        cpuBound(runs);
        Files.deleteIfExists(aot);
        Files.deleteIfExists(aot.getParent());
    }

    private static void cpuBound(int runs) throws Exception {
        for (String work : List.of("primes", "streams")) {
            long[] c2 = new long[Math.max(3, runs / 3)];
            long[] c1 = new long[c2.length];
            for (int i = 0; i < c2.length; i++) {
                c2[i] = workMillis(List.of("-XX:+UseSerialGC"), work);
                c1[i] = workMillis(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), work);
            }
            System.out.printf("CPU-bound %s, median ms: tiered %.0f, C1 only %.0f (%.2fx)%n",
                    work, median(c2), median(c1), median(c1) / median(c2));
        }
    }

    /** Boxing, lambdas and hash maps: code that leans on C2's inlining and escape analysis. */
    static long groupAndCount() {
        long sum = 0;
        for (int round = 0; round < 20; round++) {
            var groups = java.util.stream.IntStream.range(0, 500_000).boxed()
                    .collect(java.util.stream.Collectors.groupingBy(i -> i % 1000, java.util.stream.Collectors.counting()));
            sum += groups.values().stream().mapToLong(Long::longValue).sum();
        }
        return sum;
    }

    private static void train(Path aot) throws Exception {
        List<String> flags = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:AOTCacheOutput=" + aot);
        timeRun(flags, List.of(CHILD, "--train"));
    }

    private static long workMillis(List<String> flags, String work) throws Exception {
        Process p = start(flags, List.of(ChildFlagsProbe.class.getName(), work));
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Long.parseLong(out.split(" ")[1]) * 1_000_000;
    }

    private static long timeRun(List<String> flags, List<String> main) throws Exception {
        long t = System.nanoTime();
        Process p = start(flags, main);
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed with flags " + flags);
        }
        return System.nanoTime() - t;
    }

    private static Process start(List<String> flags, List<String> main) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(main);
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static int countPrimes(int below) {
        int count = 0;
        for (int n = 2; n < below; n++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2] / 1e6;
    }
}
