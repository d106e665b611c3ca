package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.Pool;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.WorkerDiedException;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * Row "System.exit in a task": what happens to the other tasks of a pool when one task ends its JVM, the second
 * half of the interruptibility row ("a crash or {@code System.exit} in a task: what happens to the rest").
 *
 * <p>The scenario is the same on every engine ({@link #scenario}): a pool of {@link #WORKERS} workers gets a task
 * that calls {@code System.exit(}{@value #EXIT_CODE}{@code )} as soon as another task is running, then
 * {@link #OTHERS} tasks that each work {@link #WORK} and return. The program that owns the pool takes the other
 * tasks' results as they come and the exiting task's outcome, then submits one more task to see whether the pool
 * still serves.
 *
 * <p>Processes: this JVM is the program. Threads: {@code System.exit} would end this JVM too, so the program runs
 * in a child JVM (a worker of a cold process context) that opens the thread engine there and forwards each result
 * it receives through a queue; this JVM watches from outside: the child's exit code, and how many results came out
 * before it ended. Nothing is assumed: a program that survived would say so in its own report.
 */
final class ExitInTask implements Measurement {
    static final int WORKERS = 2;
    static final int OTHERS = 4;
    static final int EXIT_CODE = 3;
    static final Duration WORK = Duration.ofMillis(100);
    /** How long the exiting task waits for another task to run before it exits anyway. */
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(90);
    /** Kinds of the longs a child program forwards: a result of another task, or its final report. */
    private static final long RESULT = 1;
    private static final long REPORT = 2;

    @Override
    public String title() {
        return "System.exit in a task";
    }

    @Override
    public Row measure(Session session) throws InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            Outcome o = engine.isProcess() ? inThisJvm(session, engine) : inChildJvm(session, engine);
            cells.add(o.cell(engine));
        }
        String method = Units.format("a pool of %d workers runs a task that calls System.exit(%d) once another task "
                + "runs, and %d tasks that each sleep %s and return; the program owning the pool (threads: a child "
                + "JVM, watched from this one) takes the %d results as they come and the exiting task's outcome, then "
                + "submits one more task; \"seen after\": from the exit call until the program has the task's failure "
                + "(processes) or sees the child JVM end (threads)", WORKERS, EXIT_CODE, OTHERS,
                Units.nanos(WORK.toNanos()), OTHERS);
        return new Row("exit_in_task", title(), cells, meaning(cells), method);
    }

    /** Shared values every task of the scenario reaches: who has started, and when the exit was called. */
    record Probe(SharedLong started, SharedLong exitAtMicros) implements Serializable {

        static Probe of(Context ctx) {
            return new Probe(ctx.sharedLong(0), ctx.sharedLong(0));
        }

        /** Microseconds from the exit call to {@code atMicros}, or {@code NaN} if no task has called it. */
        double microsFromExitTo(long atMicros) {
            long exit = exitAtMicros.get();
            return exit == 0 ? Double.NaN : atMicros - exit;
        }
    }

    /**
     * What the program that owns the pool saw.
     *
     * @param survived whether the program got to the end of the scenario
     * @param exitCode the exit code the exiting task's end was reported with: the worker's (processes) or the
     *        whole JVM's (threads)
     * @param othersDone results of the other tasks that reached the program
     * @param servedAfter whether a task submitted after the exit returned
     * @param seenMicros from the exit call until the program or its watcher saw its effect; {@code NaN} if unknown
     */
    record Outcome(boolean survived, int exitCode, int othersDone, boolean servedAfter, double seenMicros) {

        Cell cell(Engine engine) {
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("exit_code", (double) exitCode);
            f.put("others", (double) OTHERS);
            f.put("others_completed", (double) othersDone);
            f.put("program_survived", survived ? 1.0 : 0.0);
            f.put("served_after", servedAfter ? 1.0 : 0.0);
            f.put("seen_after_ms", seenMicros / 1e3);
            String seen = Double.isNaN(seenMicros) ? "n/a" : Units.nanos(seenMicros * 1e3);
            List<String> lines = List.of(survived ? "task failed: exit " + exitCode : "whole JVM exited: " + exitCode,
                    "others: " + othersDone + " of " + OTHERS + " done",
                    survived ? (servedAfter ? "pool serves on" : "pool stopped serving") : "program gone",
                    "seen after " + seen);
            return new Cell(engine, lines, f);
        }
    }

    /** Process engines: this JVM owns the pool; a worker JVM's exit cannot end it. */
    private static Outcome inThisJvm(Session session, Engine engine) throws InterruptedException {
        try (Context ctx = session.open(engine)) {
            return scenario(ctx, Probe.of(ctx), result -> { });
        }
    }

    /**
     * Runs the scenario: the exiting task first, then the others, then one more after the exit. The exiting task's
     * outcome is awaited apart, so that the others' results are taken as they come, whatever the exit does.
     *
     * @param delivered told each other task's result as the program receives it
     * @throws IllegalStateException if a result does not come in time, or the exiting task ends some other way
     */
    static Outcome scenario(Context ctx, Probe probe, IntConsumer delivered) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SAFETY_NET.toMillis();
        long workMillis = WORK.toMillis();
        try (Pool pool = ctx.pool(WORKERS)) {
            Future<Integer> exiting = pool.submit(() -> Tasks.exitOnceOthersRun(probe, EXIT_CODE, deadline));
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 0; i < OTHERS; i++) {
                int id = i;
                others.add(pool.submit(() -> Tasks.work(probe, id, workMillis)));
            }
            // on a thread of its own, so that the failure is timed when it comes, not after the others' results
            FutureTask<Failure> watch = new FutureTask<>(() -> failureOf(exiting));
            Thread.ofVirtual().name("mpcompare-exit-watch").start(watch);
            int done = deliver(others, delivered);
            Failure f = watched(watch);
            Integer after = resultOf(pool.submit(() -> OTHERS), "the task after the exit");
            return new Outcome(true, f.exitCode(), done, Integer.valueOf(OTHERS).equals(after),
                    probe.microsFromExitTo(f.atMicros()));
        }
    }

    /** Hands each task's result to {@code delivered} as it comes; returns how many came. */
    private static int deliver(List<Future<Integer>> tasks, IntConsumer delivered) throws InterruptedException {
        int done = 0;
        for (Future<Integer> f : tasks) {
            Integer result = resultOf(f, "a task");
            if (result != null) {
                done++;
                delivered.accept(result);
            }
        }
        return done;
    }

    /** A task's result, or {@code null} if it failed (which the row then reports as not done, or not served). */
    private static Integer resultOf(Future<Integer> f, String what) throws InterruptedException {
        try {
            return await(f, what);
        } catch (ExecutionException e) {
            return null; // lost to the exit: what this row counts
        }
    }

    /** How the exiting task ended, and when the program learnt it. */
    private record Failure(int exitCode, long atMicros) {
    }

    /** Waits for the exiting task, which must fail with a {@link WorkerDiedException}. */
    private static Failure failureOf(Future<Integer> exiting) throws InterruptedException {
        try {
            Integer v = await(exiting, "the exiting task");
            throw new IllegalStateException("System.exit returned: the task gave " + v);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerDiedException died) {
                return new Failure(died.exitCode(), nowMicros());
            }
            throw new IllegalStateException("the exiting task failed otherwise", e.getCause());
        }
    }

    /** The failure the watcher saw; its own failure is rethrown as it is. */
    private static Failure watched(FutureTask<Failure> watch) throws InterruptedException {
        try {
            return await(watch, "watching the exiting task");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("watching the exiting task failed", e.getCause());
        }
    }

    /**
     * A future's value within {@link #RESULT_TIMEOUT}.
     *
     * @throws ExecutionException if it failed, for the caller to judge
     * @throws IllegalStateException if it is not done in time
     */
    private static <T> T await(Future<T> f, String what) throws InterruptedException, ExecutionException {
        try {
            return f.get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not end within " + RESULT_TIMEOUT, e);
        }
    }

    /**
     * Thread engines: the program is a child JVM, which this JVM watches from outside. What the child forwards
     * before it ends is all that this JVM can know, as a user's supervisor would.
     */
    private static Outcome inChildJvm(Session session, Engine engine) throws InterruptedException {
        try (Context observer = session.open(Engine.COLD_PROCESSES)) {
            Probe probe = Probe.of(observer);
            Queue<long[]> out = observer.queue();
            Worker program = observer.worker(() -> runProgram(engine, probe, out)).daemon(true).start();
            int code = Session.join(program, PROGRAM_TIMEOUT);
            double seen = probe.microsFromExitTo(nowMicros());
            if (code != 0 && code != EXIT_CODE) {
                throw new IllegalStateException("the child program failed: exitCode=" + code,
                        program.failure().orElse(null));
            }
            return fromChild(out, code, seen);
        }
    }

    /** The outcome from what the child forwarded: its results, and its report if it got to the end. */
    private static Outcome fromChild(Queue<long[]> out, int childExitCode, double seenMicros) {
        int results = 0;
        long[] report = null;
        for (long[] m = out.poll(); m != null; m = out.poll()) { // all in before the child ended: no waiting
            if (m[0] == RESULT) {
                results++;
            } else if (m[0] == REPORT) {
                report = m;
            }
        }
        if (report == null) {
            return new Outcome(false, childExitCode, results, false, seenMicros);
        }
        return new Outcome(true, (int) report[1], results, report[2] == 1, seenMicros);
    }

    /** The child program: the scenario on a thread engine, forwarding each result and, at the end, its report. */
    static void runProgram(Engine engine, Probe probe, Queue<long[]> out) {
        try (Context ctx = engine.open(ProcessOptions.defaults())) {
            Outcome o = scenario(ctx, probe, result -> put(out, new long[] {RESULT, result}));
            put(out, new long[] {REPORT, o.exitCode(), o.servedAfter() ? 1 : 0});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the measurement was abandoned
        }
    }

    private static void put(Queue<long[]> out, long[] message) {
        try {
            out.put(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long nowMicros() {
        Instant now = Instant.now(); // wall clock: the only clock two processes share
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell cold = cells.get(Engine.COLD_PROCESSES.ordinal());
        return "isolation: System.exit in one task of a thread pool " + effect(thread) + "; in a process pool it "
                + effect(cold) + (survived(cold) && !survived(thread)
                ? ": run code that may exit or crash in processes" : "");
    }

    /** What the exit did to the program and the other tasks, in words, from one cell's figures. */
    private static String effect(Cell c) {
        String others = Units.format("%.0f of %.0f other tasks completed", c.figure("others_completed"),
                c.figure("others"));
        if (!survived(c)) {
            return Units.format("ends the whole program (exit code %.0f): %s", c.figure("exit_code"), others);
        }
        return Units.format("ends one worker JVM: that task fails with WorkerDiedException (exit code %.0f), %s "
                + "and the pool %s", c.figure("exit_code"), others, c.figure("served_after") > 0 ? "serves on"
                : "stopped serving");
    }

    private static boolean survived(Cell c) {
        return c.figure("program_survived") > 0;
    }
}
