package dev.multiproc.internal.process;

import dev.multiproc.Output;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A launched child JVM and its control link, which completes when the child has connected and said
 * hello. The link fails if the process ends first. Used exactly once: by one worker.
 */
final class ChildJvm {
    /** How long a child's output may take to arrive after it ended: a grandchild may hold its pipes. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

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
        CompletableFuture<ControlLink> link = new CompletableFuture<>();
        String token = server.expect(link);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // as Python: no stdin
        ChildOutput.redirect(builder, out);
        builder.environment().putAll(environment);
        builder.environment().put(ChildCommand.TOKEN_ENV, token); // not on the command line: ps shows that
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            link.cancel(false);
            throw e;
        }
        ChildOutput output = ChildOutput.start(process, out);
        process.onExit().thenRun(() -> {
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
