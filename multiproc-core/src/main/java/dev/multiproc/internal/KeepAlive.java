package dev.multiproc.internal;

/**
 * Keeps this JVM alive while non-daemon workers run, as Python's interpreter waits for non-daemon
 * threads and processes at exit. Virtual threads and child JVMs cannot hold the JVM open by
 * themselves, so one non-daemon platform thread does it while the count is above zero.
 */
public final class KeepAlive {
    private int holders;
    private Thread keeper;

    /** Counts one more running non-daemon worker. */
    public synchronized void acquire() {
        if (holders++ == 0) {
            keeper = Thread.ofPlatform().daemon(false).name("multiproc-keep-alive").start(this::hold);
        }
    }

    /** Counts one fewer; the keeper ends when none is left. */
    public synchronized void release() {
        if (--holders == 0) {
            notifyAll();
            keeper = null;
        }
    }

    private synchronized void hold() {
        while (holders > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                return; // someone wants this JVM to end: let it
            }
        }
    }
}
