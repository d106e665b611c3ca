package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.ProcessOptions;
import dev.multiproc.Worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the measurements of one run share: the options, a scratch directory and the way to open an engine ready
 * to be measured. The scratch directory is deleted on close, or by a shutdown hook if the run is interrupted
 * (Ctrl-C ends the JVM without closing anything; the library ends the child JVMs itself).
 */
final class Session implements AutoCloseable {
    /** The longest wait for warm spares to boot; on an overloaded machine the measurement goes on anyway. */
    private static final Duration SPARE_BOOT_MAX = Duration.ofSeconds(20);

    /** Scratch directories are named {@code mpcompare-<pid>-…}. */
    static final String SCRATCH_PREFIX = "mpcompare-" + ProcessHandle.current().pid() + "-";

    private final CompareOptions options;
    private final Path scratch;
    private final Thread cleanup;

    /**
     * Creates the scratch directory under {@code java.io.tmpdir}.
     *
     * @throws IOException if it cannot be created
     */
    Session(CompareOptions options) throws IOException {
        this.options = options;
        this.scratch = Files.createTempDirectory(SCRATCH_PREFIX); // the pid: a test tells its own from other runs
        this.cleanup = new Thread(this::deleteScratch, "mpcompare-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    CompareOptions options() {
        return options;
    }

    Path scratch() {
        return scratch;
    }

    /** Opens an engine with default process options; see {@link #open(Engine, ProcessOptions)}. */
    Context open(Engine engine) throws InterruptedException {
        return open(engine, ProcessOptions.defaults());
    }

    /**
     * Opens an engine; for the warm one, waits until its spares have booted, which is the state the engine
     * exists for; for the cold one, uses up the JVM its context boots ahead. The caller closes the context.
     *
     * @throws InterruptedException if interrupted while waiting for the spares; the context is then closed
     */
    Context open(Engine engine, ProcessOptions processBase) throws InterruptedException {
        Context ctx = engine.open(processBase);
        try {
            awaitSpares(engine);
            if (engine == Engine.COLD_PROCESSES) {
                useUpChildAhead(ctx);
            }
        } catch (InterruptedException e) {
            ctx.close();
            throw e;
        }
        return ctx;
    }

    /**
     * A process context boots one JVM as it opens, for its first worker; the cold column measures starts that
     * find none, so that JVM serves one empty worker here, before any measurement.
     */
    private static void useUpChildAhead(Context ctx) throws InterruptedException {
        ctx.start(() -> { }).join();
    }

    /** Waits until the engine's spares (if it keeps any) are booted and idle. */
    void awaitSpares(Engine engine) throws InterruptedException {
        if (engine.spares() > 0) {
            ChildProcesses.awaitIdle(engine.spares(), SPARE_BOOT_MAX);
        }
    }

    /** A rendezvous for tasks of this engine, with its files (if any) in the scratch directory. */
    Rendezvous rendezvous(Engine engine) throws IOException {
        return Rendezvous.forEngine(engine, scratch);
    }

    /**
     * Waits for a worker to end and returns its exit code. One that does not end in time is killed first, so that
     * no child JVM outlives the measurement that gave up on it (a thread worker is only interrupted).
     *
     * @throws IllegalStateException if it does not end within {@code timeout}
     */
    static int join(Worker worker, Duration timeout) throws InterruptedException {
        if (!worker.join(timeout)) {
            worker.kill();
            throw new IllegalStateException("worker did not end in time: " + worker.name() + ", timeout=" + timeout);
        }
        return worker.exitCode().orElseThrow();
    }

    /**
     * Waits for a worker as {@link #join} does and checks that it ended normally: a figure from a failed worker
     * would be a lie.
     *
     * @throws IllegalStateException if it does not end within {@code timeout} or ends with a non-zero code
     */
    static void joinOk(Worker worker, Duration timeout) throws InterruptedException {
        int code = join(worker, timeout);
        if (code != 0) {
            throw new IllegalStateException("worker failed: " + worker.name() + ", exitCode=" + code,
                    worker.failure().orElse(null));
        }
    }

    /** Deletes the scratch directory and everything in it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or will run, deleting twice is harmless
        }
        deleteScratch();
    }

    private void deleteScratch() {
        if (!Files.exists(scratch)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + scratch, e);
        }
    }
}
