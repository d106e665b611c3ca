package dev.multiproc.internal.process;

import dev.multiproc.Output;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A child's stdout and stderr when they come through this JVM ({@link Output#prefixed()},
 * {@link Output#toDirectory}): one daemon thread per stream copies them to where they go. The destination depends
 * on the worker's name, which a spare learns only when it is taken; until then its output waits in the pipe.
 * Inherited and discarded output never passes through here: the operating system routes it.
 */
final class ChildOutput {
    private final Output.Choice choice;
    private final CompletableFuture<String> name = new CompletableFuture<>();
    private final Thread out;
    private final Thread err;

    private ChildOutput(Output.Choice choice, Process process) {
        this.choice = choice;
        this.out = pump(process.getInputStream(), false, process.pid());
        this.err = pump(process.getErrorStream(), true, process.pid());
    }

    /** Sets the redirects of a child's stdout and stderr: the OS's where it can, a pipe to this JVM otherwise. */
    static void redirect(ProcessBuilder builder, Output output) {
        ProcessBuilder.Redirect r = switch (((Output.Choice) output).kind()) {
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            case PREFIXED, DIRECTORY -> ProcessBuilder.Redirect.PIPE;
        };
        builder.redirectOutput(r).redirectError(r);
    }

    /** The copying threads of a launched child, or {@code null} when its output does not pass through here. */
    static ChildOutput start(Process process, Output output) {
        Output.Choice choice = (Output.Choice) output;
        return switch (choice.kind()) {
            case INHERIT, DISCARD -> null;
            case PREFIXED, DIRECTORY -> new ChildOutput(choice, process);
        };
    }

    /** The worker the child serves: its output may go out now. */
    void named(String worker) {
        name.complete(worker);
    }

    /**
     * Waits until both streams reached their end and everything was written, for at most {@code max}: a
     * grandchild that inherited the pipes may keep them open after the child ended.
     */
    void awaitEnd(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean interrupted = false;
        for (Thread t : new Thread[] {out, err}) {
            while (t.isAlive() && System.nanoTime() - deadline < 0) {
                try {
                    t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream in, boolean isErr, long pid) {
        return Thread.ofPlatform().daemon().name("multiproc-output-" + pid + (isErr ? "-err" : "-out")).start(() -> {
            try (in) {
                String worker = awaitName();
                if (choice.kind() == Output.Kind.PREFIXED) {
                    copyLines(in, "[" + worker + "] ", () -> isErr ? System.err : System.out);
                } else {
                    Path file = choice.directory().resolve(worker + (isErr ? ".err" : ".out"));
                    try (OutputStream target = new FileOutputStream(file.toFile())) {
                        in.transferTo(target);
                    }
                }
            } catch (IOException e) {
                // the pipe broke (the child is gone) or the file cannot be written: nothing left to deliver
            }
        });
    }

    /** The worker's name; a child that ended before it served one (a spare at close) is named by its pid. */
    private String awaitName() {
        while (true) {
            try {
                return name.get();
            } catch (InterruptedException e) {
                // nobody interrupts these threads; keep waiting
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Ends the wait for a name that will never come, if it has not come: the child ended unused. */
    void unnamed(long pid) {
        name.complete("pid-" + pid);
    }

    /**
     * Copies whole lines, each written to the stream of the moment ({@code System.setOut} is respected) in one
     * call with the prefix, so that no other writer's text lands inside it. A last line without a newline is
     * written with one.
     */
    private static void copyLines(InputStream in, String prefix, Supplier<PrintStream> stream) throws IOException {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        PrintStream target = stream.get();
        byte[] head = prefix.getBytes(target.charset());
        line.write(head);
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, from, i + 1 - from);
                    target.write(line.toByteArray(), 0, line.size());
                    line.reset();
                    line.write(head);
                    from = i + 1;
                }
            }
            line.write(buffer, from, n - from);
            if (in.available() == 0) {
                target.flush(); // the child paused: what it wrote is visible now, not only when a buffer fills
                PrintStream now = stream.get();
                if (now != target) { // System.setOut meanwhile: the next lines go to the new stream
                    target = now;
                }
            }
        }
        if (line.size() > head.length) {
            line.write('\n');
            target.write(line.toByteArray(), 0, line.size());
        }
        target.flush();
    }
}
