package dev.multiproc.internal.process;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A launched child JVM and its control link, which completes when the child has connected and said
 * hello. The link fails if the process ends first. Used exactly once: by one worker.
 */
final class ChildJvm {
    private final Process process;
    private final CompletableFuture<ControlLink> link;

    private ChildJvm(Process process, CompletableFuture<ControlLink> link) {
        this.process = process;
        this.link = link;
    }

    /** Launches a child; it boots in the background. */
    static ChildJvm launch(ChildCommand command, boolean spare, LinkServer server, Map<String, String> environment)
            throws IOException {
        CompletableFuture<ControlLink> link = new CompletableFuture<>();
        String token = server.expect(link);
        ProcessBuilder builder = new ProcessBuilder(command.command(spare))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))) // as Python: no stdin
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        builder.environment().put(ChildCommand.TOKEN_ENV, token); // not on the command line: ps shows that
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            link.cancel(false);
            throw e;
        }
        process.onExit().thenRun(() -> link.completeExceptionally(
                new IOException("child JVM ended before it connected: exit value " + process.exitValue())));
        return new ChildJvm(process, link);
    }

    Process process() {
        return process;
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
