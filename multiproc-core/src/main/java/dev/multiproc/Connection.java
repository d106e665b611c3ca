package dev.multiproc;

import java.io.Serializable;
import java.time.Duration;

/**
 * One end of a {@link Pipe} (Python's {@code Connection}). Pass an end to a worker (capture it, or send it
 * through a queue or another pipe) and keep the other.
 *
 * <h2>Who holds an end, and when it is closed</h2>
 * As with the file descriptors of a pipe in CPython, every process that has an end holds it: the process that
 * created the pipe, and each process that received the end (in a worker's task, a pool task, or through a
 * queue or pipe). {@link #close()} releases the calling process's hold only. The end is closed for its peer
 * once no process holds it, each having closed it or died: then a {@code recv} on the other end throws
 * {@link ConnectionClosedException} when everything sent before has been received, and a {@code send} throws
 * it at once. So CPython's idiom works as it does there:
 * {@snippet :
 * Pipe p = ctx.pipe();
 * Connection conn = p.left(), childConn = p.right();
 * Worker w = ctx.start(() -> echo(childConn));
 * childConn.close();          // the parent's copy only: the worker's stays open, even if it has not started yet
 * conn.send("hello");         // the worker echoes; when it closes its end or dies, conn.recv() ends the stream
 * }
 * The details that keep this safe:
 * <ul>
 *   <li>A copy on its way (sent through a queue or pipe, not received yet) is held by its sender while the
 *       sender lives, so a process may close its copy right after sending it.</li>
 *   <li>A worker holds the ends its task carries from the moment it is started, even before it runs, and
 *       releases them when it ends.</li>
 *   <li>Better than CPython: an end that its creating process has never used and passes, without its other end,
 *       to a worker it starts is given away: the creator no longer holds it, so it learns of that worker's close
 *       or death without closing its own copy first. In every other case (both ends passed, an end sent through
 *       a queue or pipe, or given to a pool) each process keeps its copy until it closes it, as in CPython:
 *       close the ends a process does not use.</li>
 *   <li>Using an end that the calling process closed throws {@link IllegalStateException}; receiving a new
 *       copy opens it again there.</li>
 *   <li>On the thread engines each worker, and each pool, counts as a process (their tasks share one JVM);
 *       an end sent through a queue or pipe is held for its receiver when it is the item itself (or a
 *       {@link Pipe}), and otherwise from the receiver's first use. On a cluster each JVM is a process; a JVM
 *       that leaves the cluster holds nothing.</li>
 * </ul>
 *
 * <p>Messages are serialized in the caller before {@code send} returns, as for {@link Queue}.
 */
public interface Connection extends AutoCloseable, Serializable {

    /**
     * Sends a message to the other end.
     *
     * @param message the message, may be {@code null}
     * @throws IllegalArgumentException if it cannot be serialized (process engine)
     * @throws IllegalStateException if this end only receives, or this process closed it
     * @throws ConnectionClosedException if no process holds the other end any more
     */
    void send(Object message);

    /**
     * Receives the next message, waiting for one.
     *
     * @param <T> the expected type
     * @return the message
     * @throws InterruptedException if interrupted while waiting
     * @throws ConnectionClosedException if no process holds the other end any more and nothing is left
     * @throws IllegalStateException if this end only sends, or this process closed it
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

    /**
     * Releases this process's hold on this end (see the class description): once no process holds it, the
     * other end's receives end with {@link ConnectionClosedException} when drained. Idempotent.
     */
    @Override
    void close();
}
