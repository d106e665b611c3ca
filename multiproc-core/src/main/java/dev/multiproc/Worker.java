package dev.multiproc;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One task running in a platform thread, a virtual thread or a child JVM: Python's {@code Thread}
 * and {@code Process} behind one interface. Created by {@link Context#worker}, run by {@link #start()}.
 *
 * <p>States: <i>new</i> (created) → <i>alive</i> ({@link #start()}) → <i>ended</i> (the task returned,
 * threw, or the worker was stopped). {@link #exitCode()} and {@link #failure()} are empty until the
 * worker has ended and never change after.
 *
 * <h2>Exit codes (as in Python)</h2>
 * <ul>
 *   <li>{@code 0}: the task returned;</li>
 *   <li>{@code 1}: the task threw; {@link #failure()} holds what it threw;</li>
 *   <li>{@code n}: process workers only, the task called {@code System.exit(n)} (or {@code Runtime.halt(n)});</li>
 *   <li>{@code -N}: process workers only, the JVM ended by signal {@code N}: {@code -15} after
 *       {@link #terminate()}, {@code -9} after {@link #kill()}.</li>
 * </ul>
 * A thread worker stopped by {@link #terminate()} or {@link #kill()} ends with the code its task ends
 * with, since stopping a thread is cooperative.
 *
 * <p>Memory consistency effects: actions of the task <i>happen-before</i> the return of a
 * {@link #join()} that sees the worker ended. For a process worker there is no shared heap: only
 * the shared objects of the {@link Context} are visible to both sides.
 */
public interface Worker {

    /**
     * Starts the task. For a process worker the task is serialized in the calling thread before
     * anything is launched; the JVM boots (or a warm spare is taken) in the background.
     *
     * @return this worker
     * @throws IllegalStateException if this worker was already started, or its context is closed
     * @throws IllegalArgumentException if the task (or something it captures) cannot be serialized
     *         for a process worker; the message names the class
     */
    Worker start();

    /**
     * Waits until this worker has ended.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the worker was never started
     */
    void join() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for this worker to end.
     *
     * @param timeout the longest wait
     * @return {@code true} if the worker has ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the worker was never started
     */
    boolean join(Duration timeout) throws InterruptedException;

    /**
     * Tells whether the worker was started and has not ended.
     *
     * @return {@code true} between {@link #start()} and the end
     */
    boolean isAlive();

    /**
     * The exit code, see the class documentation.
     *
     * @return empty until the worker has ended
     */
    OptionalInt exitCode();

    /**
     * What the task threw, rebuilt with the worker's class name, message, frames and causes.
     *
     * @return empty unless the worker ended with an uncaught exception (exit code 1)
     */
    Optional<WorkerException> failure();

    /**
     * This worker's name: the one given to {@link Context#worker(String, SerializableRunnable)}, or
     * {@code "Worker-N"}.
     *
     * @return the name
     */
    String name();

    /**
     * The process that runs the task: the child's pid for a process worker (once started), this
     * process's pid for a thread worker.
     *
     * @return the pid, or {@code -1} for a process worker that has not started
     */
    long pid();

    /**
     * Tells whether this worker is a daemon, see {@link #daemon(boolean)}.
     *
     * @return the daemon flag
     */
    boolean isDaemon();

    /**
     * Marks this worker as a daemon or not, before it starts. As in Python, a non-daemon worker keeps
     * this JVM alive after {@code main} returns until the worker ends; a daemon worker does not, and
     * a daemon process worker is stopped when this JVM ends. The default is {@code false}.
     *
     * @param daemon the flag
     * @return this worker
     * @throws IllegalStateException if the worker has been started
     */
    Worker daemon(boolean daemon);

    /**
     * Asks the worker to stop: SIGTERM for a process worker (exit code {@code -15}), an interrupt for
     * a thread worker (cooperative: a task that ignores interrupts keeps running). Does nothing if
     * the worker is not alive.
     */
    void terminate();

    /**
     * Stops the worker: SIGKILL for a process worker (exit code {@code -9}, always effective), an
     * interrupt for a thread worker (cooperative). Does nothing if the worker is not alive.
     */
    void kill();

    /**
     * Interrupts the thread that runs the task, wherever it runs: {@link Thread#interrupt()} for a thread
     * worker; in a process worker (and a cluster worker), the task's thread in the child JVM is interrupted
     * (Python 3.14's {@code Process.interrupt()}). Cooperative: the task decides what to do; one that lets the
     * resulting exception escape ends with exit code 1 and that failure. Does nothing if the worker is not
     * alive; an interrupt asked for before a process worker's task began reaches it when it begins.
     */
    void interrupt();

    /**
     * A future that completes, with this worker, when the worker has ended, whichever way it ended (as
     * {@link Process#onExit()}): its exit code and failure are then known. Each call returns a new copy, so
     * completing one changes nothing for the worker or for other callers.
     *
     * @return the future
     */
    java.util.concurrent.CompletableFuture<Worker> onExit();

    /**
     * The worker running the calling code (Python's {@code current_process()}): in a process worker's JVM, in
     * any of its threads; in a thread worker, in its thread and the threads it starts; in a pool's worker,
     * with its index. Empty in code that no worker runs, such as a program's main thread.
     *
     * @return the worker's name, index, pid and its parent's pid
     */
    static java.util.Optional<WorkerInfo> current() {
        return dev.multiproc.internal.engine.CurrentWorker.get();
    }
}
