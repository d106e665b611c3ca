package dev.multiproc.cli;

import java.time.Duration;

/**
 * What one {@code compare} run measures and how hard it tries (how the report is shown is {@link CompareCommand}'s
 * business). {@link #quick()} and {@link #full()} are the two
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
 * @param ioRequests timed requests each worker makes in the I/O-bound row, one after another
 * @param ioRequestCap the most requests of one I/O-bound measurement, split among its workers (many workers make
 *        fewer each)
 */
record CompareOptions(String mode, int threadStarts, int processStarts, int memoryThreads,
                      int memoryVirtualThreads, Duration interruptWait, int threadCap, int virtualThreadCap,
                      int processCap, String processHeap, long primeLimit, int speedupRuns, int ioRequests,
                      int ioRequestCap) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a count is below 1 or the wait is not positive
     */
    CompareOptions {
        requirePositive("threadStarts", threadStarts);
        requirePositive("processStarts", processStarts);
        requirePositive("memoryThreads", memoryThreads);
        requirePositive("memoryVirtualThreads", memoryVirtualThreads);
        requirePositive("threadCap", threadCap);
        requirePositive("virtualThreadCap", virtualThreadCap);
        requirePositive("processCap", processCap);
        requirePositive("primeLimit", primeLimit);
        requirePositive("speedupRuns", speedupRuns);
        requirePositive("ioRequests", ioRequests);
        requirePositive("ioRequestCap", ioRequestCap);
        if (interruptWait.isNegative() || interruptWait.isZero()) {
            throw new IllegalArgumentException("interruptWait must be positive: interruptWait=" + interruptWait);
        }
    }

    /**
     * A run of 27-30 s on two idle cores (36 s before the trims below, with one row fewer). Trimmed where the
     * time went, without changing what a figure says: 30 requests per I/O worker (75 ms of waiting for one worker;
     * the timed part of 1024 virtual threads alone took 2 s with 100), primes below 2,000,000 (a count still takes
     * longer than a cold JVM's start), 4 process starts (a p10-p90 spread still), 6 processes at once, and 200 ms
     * of watching a thread that ignores interrupts (a cooperative stop takes microseconds).
     */
    static CompareOptions quick() {
        return new CompareOptions("quick", 2_000, 4, 500, 10_000, Duration.ofMillis(200), 2_000, 100_000, 6, "32m",
                2_000_000, 2, 30, IoBound.MAX_REQUESTS);
    }

    /** The default run: more repetitions and bigger sizes, about a minute or two on two cores. */
    static CompareOptions full() {
        return new CompareOptions("full", 20_000, 15, 1_000, 100_000, Duration.ofSeconds(1), 2_000, 100_000, 24,
                "32m", 8_000_000, 3, 1_000, IoBound.MAX_REQUESTS);
    }

    /** Untimed repetitions before {@code reps} timed ones: enough to load classes and compile the hot path. */
    static int warmups(int reps) {
        return Math.max(1, reps / 5);
    }

    private static void requirePositive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + name + "=" + value);
        }
    }
}
