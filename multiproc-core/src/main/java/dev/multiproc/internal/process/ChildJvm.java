package dev.multiproc.internal.process;

import dev.multiproc.Output;
import dev.multiproc.internal.shm.Platform;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A launched child JVM and its control link, which completes when the child has connected and said
 * hello. The link fails if the process ends first. Used exactly once: by one worker.
 */
final class ChildJvm {
    /** How long a child's output may take to arrive after it ended: a grandchild may hold its pipes. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    /** How long this JVM's exit waits for its children to end after SIGTERM; end-of-stream halts the rest. */
    private static final Duration STOP_AT_EXIT = Duration.ofSeconds(1);
    /** Every child JVM of this JVM that has not ended. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean exiting;

    private final Process process;
    private final CompletableFuture<ControlLink> link;
    private final ChildOutput output; // null when the OS routes the output

    private ChildJvm(Process process, CompletableFuture<ControlLink> link, ChildOutput output) {
        this.process = process;
        this.link = link;
        this.output = output;
    }

    /** Launches a child; it boots in the background. */
    static ChildJvm launch(List<String> command, LinkServer server, Map<String, String> environment, Output out)
            throws IOException {
        ExitHook.install();
        if (exiting) {
            throw new IllegalStateException("this JVM is exiting: no new child JVM is started");
        }
        CompletableFuture<ControlLink> link = new CompletableFuture<>();
        String token = server.expect(link);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // as Python: no stdin
        ChildOutput.redirect(builder, out);
        builder.environment().putAll(environment);
        builder.environment().put(ChildCommand.TOKEN_ENV, token); // not on the command line: ps shows that
        long stamp = Platform.prepareChild(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            link.cancel(false);
            throw e;
        }
        Platform.childStarted(process, stamp);
        ChildOutput output = ChildOutput.start(process, out);
        LIVE.add(process);
        process.onExit().thenRun(() -> {
            LIVE.remove(process);
            link.completeExceptionally(
                    new IOException("child JVM ended before it connected: exit value " + process.exitValue()));
            if (output != null) {
                output.unnamed(process.pid()); // a worker's name came before it ran: this is for unused spares
            }
        });
        return new ChildJvm(process, link, output);
    }

    Process process() {
        return process;
    }

    /** Whether this JVM is exiting: pools start no replacements then. */
    static boolean exiting() {
        return exiting;
    }

    /**
     * This JVM's exit, by a signal (a terminal's Ctrl-C reaches the whole process group; children ignore
     * SIGINT) or by {@code System.exit}: no new children from now on, SIGTERM to every child (their shutdown
     * hooks run), then up to {@link #STOP_AT_EXIT} for them to end. Those still running then halt when this
     * JVM is gone: their control link reaches end-of-stream.
     */
    static void stopAllAtExit() {
        exiting = true;
        List<Process> children = List.copyOf(LIVE);
        children.forEach(Process::destroy);
        long deadline = System.nanoTime() + STOP_AT_EXIT.toNanos();
        for (Process p : children) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static final class ExitHook {
        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildJvm::stopAllAtExit, "multiproc-stop-children"));
        }

        static void install() {
            // the class initializer does it, once
        }
    }

    /** Tells the child's output which worker the child serves. */
    ChildJvm serving(String worker) {
        if (output != null) {
            output.named(worker);
        }
        return this;
    }

    /** Waits for the child to connect; the wait ends when it connects or its process ends. */
    ControlLink awaitLink() throws IOException, InterruptedException {
        try {
            return link.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Waits until the JVM has ended, even if interrupted (the flag is kept): how it ended must be recorded.
     * One that is still running after {@code grace} (its link is gone, but a hook or a thread of its own holds
     * it) is killed.
     *
     * @param grace how long it may take, or {@code null} for as long as it likes
     * @return its OS exit value
     */
    int awaitExit(Duration grace) {
        boolean interrupted = false;
        long deadline = grace == null ? 0 : System.nanoTime() + grace.toNanos();
        while (true) {
            try {
                if (grace == null) {
                    process.waitFor();
                } else if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (output != null) {
            output.awaitEnd(OUTPUT_DRAIN); // what it wrote has arrived when its end is known
        }
        return process.exitValue();
    }

    boolean isConnected() {
        return link.isDone() && !link.isCompletedExceptionally();
    }

    /** Stops a child that will never run a task (a spare at close), without waiting for it. */
    void discard() {
        process.destroyForcibly();
        link.thenAccept(ControlLink::close);
    }
}
