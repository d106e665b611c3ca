package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.SerializableRunnable;
import dev.multiproc.Worker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Row "interruptibility": can a running worker be stopped from outside?
 *
 * <p>Threads: {@code terminate()} on a task that spins and clears its interrupt flag, then a wait of
 * {@link CompareOptions#interruptWait()}: the worker is still alive. The gate then lets it end (a thread cannot
 * be stopped by force, and the context's {@code close()} would not stop it either); the task's own deadline is
 * the safety net. For contrast, a sleeping task is terminated too: a cooperative task stops at once.
 *
 * <p>Processes: the same spinning task, then the time from {@code terminate()} (SIGTERM) and from
 * {@code kill()} (SIGKILL) to {@code join()} returning, and the exit codes.
 */
final class Interruptibility implements Measurement {
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a spinning task may outlive its measurement if nobody opens its gate. */
    private static final Duration SAFETY_NET = Duration.ofSeconds(30);

    @Override
    public String title() {
        return "interruptibility";
    }

    @Override
    public Row measure(Session session) throws IOException, InterruptedException {
        List<Cell> cells = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            cells.add(engine.isProcess() ? processCell(session, engine) : threadCell(session, engine));
        }
        String method = "a task that busy-loops and clears Thread.interrupted(); threads: is it alive "
                + Units.nanos(session.options().interruptWait().toNanos()) + " after terminate()? (\"cooperative\": "
                + "how soon a sleeping task ends after terminate()); processes: time from terminate() (SIGTERM) and "
                + "kill() (SIGKILL) until join() returns, and the exit code";
        return new Row("interruptibility", title(), cells, meaning(cells), method);
    }

    private static Cell threadCell(Session session, Engine engine) throws IOException, InterruptedException {
        Duration wait = session.options().interruptWait();
        boolean stillAlive;
        long cooperativeNanos;
        try (Context ctx = session.open(engine); Rendezvous r = session.rendezvous(engine)) {
            Worker spinner = startAndAwait(ctx, r, spinning(r.gate()));
            spinner.terminate();
            stillAlive = !spinner.join(wait) && spinner.isAlive();
            r.open(); // the only way to end it: ask the task itself
            Session.joinOk(spinner, STOP_TIMEOUT);
            cooperativeNanos = timeStop(ctx, session, engine, Worker::terminate);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("alive_after_terminate", stillAlive ? 1.0 : 0.0);
        f.put("watched_ms", (double) wait.toMillis());
        f.put("cooperative_stop_ms", cooperativeNanos / Units.NANOS_PER_MS);
        List<String> lines = List.of(stillAlive ? "keeps running" : "stopped",
                "(" + (stillAlive ? "alive " : "within ") + Units.nanos(wait.toNanos()) + " later)",
                "cooperative: " + Units.nanos(cooperativeNanos));
        return new Cell(engine, lines, f);
    }

    /** Times {@code stop} on a sleeping task until {@code join()} returns; the task returns when interrupted. */
    private static long timeStop(Context ctx, Session session, Engine engine, Consumer<Worker> stop)
            throws IOException, InterruptedException {
        try (Rendezvous r = session.rendezvous(engine)) {
            Gate gate = r.gate();
            long deadline = deadline();
            Worker sleeper = startAndAwait(ctx, r, () -> Tasks.sleepUntilInterrupted(gate, deadline));
            long t0 = System.nanoTime();
            stop.accept(sleeper);
            Session.joinOk(sleeper, STOP_TIMEOUT);
            return System.nanoTime() - t0;
        }
    }

    private static Cell processCell(Session session, Engine engine) throws IOException, InterruptedException {
        Stop term;
        Stop kill;
        try (Context ctx = session.open(engine)) {
            term = stopSpinner(ctx, session, engine, Worker::terminate);
            session.awaitSpares(engine); // the next start should find a booted spare, as the first did
            kill = stopSpinner(ctx, session, engine, Worker::kill);
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("alive_after_terminate", 0.0);
        f.put("terminate_to_join_ms", term.nanos() / Units.NANOS_PER_MS);
        f.put("terminate_exit_code", (double) term.exitCode());
        f.put("kill_to_join_ms", kill.nanos() / Units.NANOS_PER_MS);
        f.put("kill_exit_code", (double) kill.exitCode());
        List<String> lines = List.of("SIGTERM: " + Units.nanos(term.nanos()) + " (" + term.exitCode() + ")",
                "SIGKILL: " + Units.nanos(kill.nanos()) + " (" + kill.exitCode() + ")");
        return new Cell(engine, lines, f);
    }

    /** Starts a spinning task in a child, stops it with {@code stop} and times it until {@code join()} returns. */
    private static Stop stopSpinner(Context ctx, Session session, Engine engine, Consumer<Worker> stop)
            throws IOException, InterruptedException {
        try (Rendezvous r = session.rendezvous(engine)) {
            Worker spinner = startAndAwait(ctx, r, spinning(r.gate()));
            long t0 = System.nanoTime();
            stop.accept(spinner);
            if (!spinner.join(STOP_TIMEOUT)) {
                spinner.kill(); // never leave a spinning child behind, even if the figure is lost
                throw new IllegalStateException("process did not stop: " + spinner);
            }
            long nanos = System.nanoTime() - t0;
            return new Stop(nanos, spinner.exitCode().orElseThrow());
        }
    }

    private static SerializableRunnable spinning(Gate gate) {
        long deadline = deadline();
        return () -> Tasks.spinIgnoringInterrupts(gate, deadline);
    }

    private static long deadline() {
        return System.currentTimeMillis() + SAFETY_NET.toMillis();
    }

    private static Worker startAndAwait(Context ctx, Rendezvous r, SerializableRunnable task)
            throws InterruptedException {
        int before = r.arrivals();
        Worker w = ctx.worker(task).daemon(true).start();
        if (!r.awaitArrivals(before + 1, ARRIVAL_TIMEOUT)) {
            w.kill();
            throw new IllegalStateException("worker did not start its task: " + w);
        }
        return w;
    }

    private static String meaning(List<Cell> cells) {
        Cell thread = cells.get(Engine.PLATFORM_THREADS.ordinal());
        Cell cold = cells.get(Engine.COLD_PROCESSES.ordinal());
        String threads = thread.figure("alive_after_terminate") > 0
                ? "a thread that ignores interrupts keeps running (interrupts are cooperative)"
                : "a thread stopped even though its task ignores interrupts";
        return "isolation: " + threads + "; a process is stopped by force: SIGTERM in "
                + Units.nanos(cold.figure("terminate_to_join_ms") * Units.NANOS_PER_MS) + ", SIGKILL in "
                + Units.nanos(cold.figure("kill_to_join_ms") * Units.NANOS_PER_MS);
    }

    private record Stop(long nanos, int exitCode) {
    }
}
