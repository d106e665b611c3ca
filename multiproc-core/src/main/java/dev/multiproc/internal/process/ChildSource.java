package dev.multiproc.internal.process;

import dev.multiproc.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Where new children come from for one set of {@link ProcessOptions}: warm spares if any are kept, else a
 * freshly launched JVM. A context has one; a pool with options of its own has another. JVM arguments that name
 * the worker ({@code {worker}}) rule spares out: a JVM's arguments are fixed when it starts.
 */
final class ChildSource implements AutoCloseable {
    private final ProcessOptions options;
    private final LinkServer server;
    private final ChildCommand command;
    private final LongSupplier numbers;
    private final WarmSpares spares;

    /**
     * @param numbers the next JVM's number among its context's, for {@code {n}}
     * @param oneAhead whether to launch one child at once, for the first worker (see {@link WarmSpares})
     */
    ChildSource(ProcessOptions options, LinkServer server, Path argFile, LongSupplier numbers, boolean oneAhead) {
        this.options = options;
        this.server = server;
        this.command = new ChildCommand(options, argFile, server.socket());
        this.numbers = numbers;
        boolean ahead = !command.perWorker(ChildCommand.WORKER);
        int kept = ahead ? options.warmSpares() : 0;
        ChildJvm first = oneAhead && ahead && kept == 0 ? launch(false, null) : null; // spares serve first otherwise
        this.spares = new WarmSpares(kept, first, () -> launch(true, null));
    }

    /**
     * A child, booted or booting; it connects to the server by itself.
     *
     * @param worker the name of the worker it will run
     */
    ChildJvm take(String worker) {
        ChildJvm spare = spares.take();
        return (spare != null ? spare : launch(false, worker)).serving(worker);
    }

    private ChildJvm launch(boolean spare, String worker) {
        try {
            return ChildJvm.launch(command.command(spare, worker, numbers.getAsLong()), server, options.environment(),
                    options.output());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch a child JVM: " + e.getMessage(), e);
        }
    }

    /** Stops the spares; children already taken are their users' to stop. */
    @Override
    public void close() {
        spares.close();
    }
}
