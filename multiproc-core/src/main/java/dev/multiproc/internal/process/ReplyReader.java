package dev.multiproc.internal.process;

import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reading end of a pool worker's link, shared by the worker's reader thread and the threads waiting
 * for its tasks: whoever holds the read lock reads the frames that are in and hands them to the handler,
 * one at a time and in order. The handler's state is guarded by the read lock.
 *
 * <p>The reader thread watches the link ({@link #awaitInput()}) and reads what no caller took
 * ({@link #readAvailable()}); it alone deals with end-of-stream and broken links. A thread waiting for a
 * task polls the link for a short while ({@link #help}) and handles the replies itself.
 */
/*
 * Implementation notes.
 *
 * Why callers read: a reply read by the reader thread costs two wake-ups before the caller runs again (the
 * reader's, then the caller's), each 5-20 us on a small VM. A caller that polls the link while its task
 * runs takes the reply itself, with no wake-up at all when the worker also polls (PoolChild).
 *
 * Why the reader thread steps aside: epoll wakes it for every reply, including those a caller is about to
 * read. If it then took the lock and was preempted while holding it, the polling caller would spin against
 * a thread that cannot run (2 CPUs, the caller and the worker both polling) until its poll ran out:
 * measured, round trips of 125-250 us instead of ~15. So while any caller polls, the reader thread parks a
 * poll's length at a time and leaves the lock alone. Polls are bounded, so it always comes back.
 *
 * Failures: a caller that meets end-of-stream leaves it (the channel stays readable, the reader thread
 * reads it again); one that meets a broken link or a corrupt frame records it and wakes the reader
 * thread, which throws it.
 */
final class ReplyReader {
    /** Handles one frame; its state is guarded by the read lock. */
    @FunctionalInterface
    interface Handler {
        void handle(Frame frame) throws IOException;
    }

    private final ControlLink link;
    private final Handler handler;
    private final ClassLoader loader;
    private final long stepAsideNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger polling = new AtomicInteger();
    private IOException broken; // guarded by lock
    private boolean finished;   // guarded by lock

    /**
     * @param link           a {@link ControlLink#watchable()} link
     * @param loader         the context class loader replies are decoded with, whichever thread reads them
     * @param stepAsideNanos how long the reader thread parks at a time while callers poll: their poll's bound
     */
    ReplyReader(ControlLink link, Handler handler, ClassLoader loader, long stepAsideNanos) {
        this.link = link;
        this.handler = handler;
        this.loader = loader;
        this.stepAsideNanos = stepAsideNanos;
    }

    /**
     * For the reader thread: handles every frame that is in.
     *
     * @return {@code false} at end-of-stream
     * @throws IOException if the link broke or a frame is corrupt, here or in a caller's poll
     */
    boolean readAvailable() throws IOException {
        lock.lock();
        try {
            if (broken != null) {
                throw broken;
            }
            return drain();
        } finally {
            lock.unlock();
        }
    }

    /** For the reader thread: waits until input may be there and no caller polls for it. */
    void awaitInput() throws IOException {
        link.awaitInput();
        while (polling.get() > 0) {
            LockSupport.parkNanos(stepAsideNanos); // the polling caller reads it, or stops polling soon
        }
    }

    /**
     * For a thread about to wait for {@code task}: polls the link and handles what comes, in this thread,
     * until the task is done, {@code untilNanos} ({@link System#nanoTime()}) passes, or the thread is
     * interrupted. Yields between polls, so that a thread that needs this CPU gets it.
     *
     * @return whether it handled any frame
     */
    boolean help(Future<?> task, long untilNanos) {
        if (lock.isHeldByCurrentThread()) {
            return false; // called back from a handler, say a whenComplete action: no nested reading
        }
        polling.incrementAndGet();
        try {
            boolean handled = false;
            while (!task.isDone() && System.nanoTime() - untilNanos < 0 && !Thread.currentThread().isInterrupted()) {
                if (tryDrain()) {
                    handled = true;
                } else {
                    Thread.yield();
                }
            }
            return handled;
        } finally {
            polling.decrementAndGet();
        }
    }

    /** Handles what is in if no other thread reads; {@code true} if there was something. */
    private boolean tryDrain() {
        if (!lock.tryLock()) {
            return false;
        }
        Thread self = Thread.currentThread();
        ClassLoader own = self.getContextClassLoader();
        try {
            if (finished || broken != null || !link.hasInput()) {
                return false;
            }
            self.setContextClassLoader(loader); // a result decodes as it would in the reader thread
            drain(); // end-of-stream: left to the reader thread, the channel stays readable
            return true;
        } catch (IOException e) {
            broken = e;
            link.wakeWatcher(); // the bytes that woke it may be gone: wake it to throw this
            return false;
        } finally {
            self.setContextClassLoader(own);
            lock.unlock();
        }
    }

    /**
     * For the reader thread, when it stops reading: no caller reads after this, and what callers handled
     * before it is visible to the reader thread (the lock).
     */
    void finish() {
        lock.lock();
        try {
            finished = true;
        } finally {
            lock.unlock();
        }
    }

    private boolean drain() throws IOException {
        while (link.hasInput()) {
            Frame f = link.receive();
            if (f == null) {
                return false;
            }
            handler.handle(f);
        }
        return true;
    }
}
