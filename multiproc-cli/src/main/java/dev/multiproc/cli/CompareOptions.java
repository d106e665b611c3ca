package dev.multiproc.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@code compare} run measures and how hard it tries. {@link #quick()} and {@link #full()} are the two
 * presets of the command line; tests build smaller ones.
 *
 * @param mode a name for the preset, shown in the header
 * @param threadStarts timed start + join repetitions for each thread engine (after {@link #warmups(int)} more)
 * @param processStarts timed start + join repetitions for each process engine
 * @param memoryThreads K for platform threads in the memory row: K idle workers are measured joining K idle ones
 * @param memoryVirtualThreads K for virtual threads in the memory row
 * @param interruptWait how long a thread that ignores interrupts is watched after {@code terminate()}
 * @param threadCap the most platform threads the capacity row starts
 * @param virtualThreadCap the most virtual threads the capacity row starts
 * @param processCap the most child JVMs the capacity row starts, per process engine
 * @param processHeap {@code -Xmx} of the children in the capacity row, e.g. {@code "32m"}
 * @param primeLimit the CPU-bound row counts the primes below this number
 * @param speedupRuns runs of each worker count in the CPU-bound row; the fastest counts, since on a shared
 *        machine other load only ever slows a run down
 * @param json print JSON instead of a table
 * @param progress report on stderr which row is being measured
 * @param html where to write the report as an HTML page too ({@link HtmlRenderer}), if anywhere
 */
record CompareOptions(String mode, int threadStarts, int processStarts, int memoryThreads,
                      int memoryVirtualThreads, Duration interruptWait, int threadCap, int virtualThreadCap,
                      int processCap, String processHeap, long primeLimit, int speedupRuns, boolean json,
                      boolean progress, Optional<Path> html) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a count is below 1 or the wait is not positive
     * @throws NullPointerException if {@code html} is null (no page is {@code Optional.empty()})
     */
    CompareOptions {
        Objects.requireNonNull(html, "html");
        requirePositive("threadStarts", threadStarts);
        requirePositive("processStarts", processStarts);
        requirePositive("memoryThreads", memoryThreads);
        requirePositive("memoryVirtualThreads", memoryVirtualThreads);
        requirePositive("threadCap", threadCap);
        requirePositive("virtualThreadCap", virtualThreadCap);
        requirePositive("processCap", processCap);
        requirePositive("primeLimit", primeLimit);
        requirePositive("speedupRuns", speedupRuns);
        if (interruptWait.isNegative() || interruptWait.isZero()) {
            throw new IllegalArgumentException("interruptWait must be positive: interruptWait=" + interruptWait);
        }
    }

    /** A run well under 30 s on two cores. */
    static CompareOptions quick() {
        return new CompareOptions("quick", 2_000, 5, 500, 10_000, Duration.ofMillis(500), 2_000, 100_000, 8, "32m",
                3_000_000, 2, false, true, Optional.empty());
    }

    /** The default run: more repetitions and bigger sizes, about a minute or two on two cores. */
    static CompareOptions full() {
        return new CompareOptions("full", 20_000, 15, 1_000, 100_000, Duration.ofSeconds(1), 2_000, 100_000, 24,
                "32m", 8_000_000, 3, false, true, Optional.empty());
    }

    /** Untimed repetitions before {@code reps} timed ones: enough to load classes and compile the hot path. */
    static int warmups(int reps) {
        return Math.max(1, reps / 5);
    }

    CompareOptions withJson(boolean json) {
        return new CompareOptions(mode, threadStarts, processStarts, memoryThreads, memoryVirtualThreads,
                interruptWait, threadCap, virtualThreadCap, processCap, processHeap, primeLimit, speedupRuns, json,
                progress, html);
    }

    CompareOptions withProgress(boolean progress) {
        return new CompareOptions(mode, threadStarts, processStarts, memoryThreads, memoryVirtualThreads,
                interruptWait, threadCap, virtualThreadCap, processCap, processHeap, primeLimit, speedupRuns, json,
                progress, html);
    }

    /** These options, also writing the report as an HTML page to {@code file}. */
    CompareOptions withHtml(Path file) {
        return new CompareOptions(mode, threadStarts, processStarts, memoryThreads, memoryVirtualThreads,
                interruptWait, threadCap, virtualThreadCap, processCap, processHeap, primeLimit, speedupRuns, json,
                progress, Optional.of(file));
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + name + "=" + value);
        }
    }
}
