package dev.multiproc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bodies of the tasks that measurements run, as static methods: a lambda that calls one captures only
 * its serializable arguments, so the same task runs in a thread or travels to a child JVM.
 */
final class Tasks {
    private Tasks() {
    }

    /** Does nothing: what start + join of an empty worker measures. */
    static void nothing() {
        // empty on purpose
    }

    /** Says it runs, then idles until the gate opens, the deadline passes or it is interrupted. */
    static void idle(Gate gate, long deadlineMillis) {
        gate.arrive();
        gate.awaitOpen(deadlineMillis);
    }

    /**
     * Says it runs, then burns CPU and clears every interrupt, until the gate opens or the deadline passes: the
     * task that a thread cannot be stopped from running. The deadline is the safety net if nobody opens the gate.
     */
    static void spinIgnoringInterrupts(Gate gate, long deadlineMillis) {
        gate.arrive();
        long sink = 0;
        while (!gate.isOpen() && System.currentTimeMillis() < deadlineMillis) {
            for (int i = 0; i < 100_000; i++) {
                sink += i ^ sink;
            }
            Thread.interrupted(); // clears the flag: this task refuses to stop cooperatively
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loop from being optimized away
        }
    }

    /** Says it runs, then sleeps until the deadline or until interrupted: a cooperative task. */
    static void sleepUntilInterrupted(Gate gate, long deadlineMillis) {
        gate.arrive();
        try {
            Thread.sleep(Math.max(0, deadlineMillis - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            // asked to stop: return, which is what cooperating means
        }
    }

    /**
     * Counts this worker's share of the primes below {@code limit} (see {@link Primes#countShare}) and writes
     * {@code "<count> <nanoseconds the count took>"} to {@code resultFile}, atomically, so the parent never reads
     * half a line. The duration is measured here because only a difference of {@code nanoTime()} within one
     * process means anything.
     */
    static void countPrimesToFile(long limit, int workers, int index, String resultFile) {
        long t0 = System.nanoTime();
        long count = Primes.countShare(limit, workers, index);
        long nanos = System.nanoTime() - t0;
        Path target = Path.of(resultFile);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.writeString(partial, count + " " + nanos);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result: " + resultFile, e);
        }
    }
}
