package dev.multiproc.cli;

import java.io.Serializable;

/**
 * A task's side of a {@link Rendezvous}: the task says it is running ({@link #arrive()}) and waits until the
 * measuring side lets it end ({@link #isOpen()}). Captured by tasks, so it is serializable; each
 * implementation works only where its state lives (this JVM, or a directory every process can see).
 */
sealed interface Gate extends Serializable permits LocalGate, FileGate {

    /** Tells the measuring side that this task is running. */
    void arrive();

    /** Tells whether the measuring side has let tasks end. Does not block. */
    boolean isOpen();

    /**
     * Blocks until the gate opens, the deadline passes or the calling thread is interrupted (the interrupt
     * flag is then kept set).
     *
     * @param deadlineMillis wall-clock time in epoch milliseconds: it must mean the same in another process,
     *        which {@code System.nanoTime()} does not
     * @return {@code true} if the gate opened
     */
    boolean awaitOpen(long deadlineMillis);
}
