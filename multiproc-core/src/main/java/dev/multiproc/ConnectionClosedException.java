package dev.multiproc;

import java.io.Serial;

/** The other end of a {@link Connection} is closed, or its owner process died (Python's {@code EOFError}). */
public class ConnectionClosedException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     */
    public ConnectionClosedException(String message) {
        super(message);
    }
}
