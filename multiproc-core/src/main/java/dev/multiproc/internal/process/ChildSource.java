package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.ProcessOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where new children come from for one set of {@link ProcessOptions}: warm spares if any are kept, else a
 * freshly launched JVM. A context has one; a pool with options of its own has another.
 */
final class ChildSource implements AutoCloseable {
    private final ProcessOptions options;
    private final LinkServer server;
    private final ChildCommand command;
    private final WarmSpares spares;

    /**
     * @param oneAhead whether to launch one child at once, for the first worker (see {@link WarmSpares})
     */
    ChildSource(ProcessOptions options, LinkServer server, Path argFile, boolean oneAhead) {
        this.options = options;
        this.server = server;
        this.command = new ChildCommand(options, argFile, server.socket());
        ChildJvm ahead = oneAhead && options.warmSpares() == 0 ? launch(false) : null; // spares serve first otherwise
        this.spares = new WarmSpares(options.warmSpares(), ahead, () -> launch(true));
    }

    /** A child, booted or booting; it connects to the server by itself. */
    ChildJvm take() {
        ChildJvm spare = spares.take();
        return spare != null ? spare : launch(false);
    }

    private ChildJvm launch(boolean spare) {
        try {
            return ChildJvm.launch(command, spare, server, options.environment());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch a child JVM: " + Jvm.javaExecutable(), e);
        }
    }

    /** Stops the spares; children already taken are their users' to stop. */
    @Override
    public void close() {
        spares.close();
    }
}
