package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * One end of a {@link Pipe} (Python's {@code Connection}). Pass an end to a worker (capture it, or send it
 * through a queue or another pipe) and keep the other: the process that received an end last is its owner.
 *
 * <p>When the other end is closed, or its owner process dies, a {@code recv} on an end that has been
 * drained throws {@link ConnectionClosedException} instead of blocking, and so does a {@code send}.
 * Messages are serialized in the caller before {@code send} returns, as for {@link Queue}.
 */
public interface Connection extends AutoCloseable, Serializable {

    /**
     * Sends a message to the other end.
     *
     * @param message the message, may be {@code null}
     * @throws IllegalArgumentException if it cannot be serialized (process engine)
     * @throws IllegalStateException if this end only receives, or is closed
     * @throws ConnectionClosedException if the other end is closed or its owner died
     */
    void send(Object message);

    /**
     * Receives the next message, waiting for one.
     *
     * @param <T> the expected type
     * @return the message
     * @throws InterruptedException if interrupted while waiting
     * @throws ConnectionClosedException if the other end is closed (or its owner died) and nothing is left
     * @throws IllegalStateException if this end only sends, or is closed
     */
    <T> T recv() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for something to receive.
     *
     * @param timeout the longest wait
     * @return {@code true} if a {@link #recv()} would not block (a message, or the end of the stream)
     * @throws InterruptedException if interrupted while waiting
     */
    boolean poll(Duration timeout) throws InterruptedException;

    /**
     * Sends raw bytes: a message holding a copy of {@code data}.
     *
     * @param data the bytes
     */
    default void sendBytes(byte[] data) {
        send(data.clone()); // the caller may reuse its array; the thread engines pass messages by reference
    }

    /**
     * Receives a message sent with {@link #sendBytes(byte[])}.
     *
     * @return the bytes
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the next message is not bytes
     */
    default byte[] recvBytes() throws InterruptedException {
        Object m = recv();
        if (m instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("next message is not bytes: " + (m == null ? "null" : m.getClass().getName()));
    }

    /** Closes this end; the other end's receives end with {@link ConnectionClosedException} once drained. Idempotent. */
    @Override
    void close();
}
