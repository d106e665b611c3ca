package dev.multiproc.internal.engine;

/**
 * Keeps this JVM alive while non-daemon workers run, as Python's interpreter waits for non-daemon
 * threads and processes at exit. Virtual threads and child JVMs cannot hold the JVM open by
 * themselves, so one non-daemon platform thread does it while the count is above zero.
 *
 * <p>The keeper lingers {@link #LINGER_MS} ms after the count drops to zero, so that a loop of short
 * workers does not start a platform thread per worker (measured: virtual-thread start+join went from
 * ~124 µs to the cost of the virtual thread itself). The price: a JVM whose {@code main} returns right
 * after its last worker ended exits up to that much later.
 */
final class KeepAlive {
    static final long LINGER_MS = 200;

    private int holders;
    private boolean keeperRunning;

    /** Counts one more running non-daemon worker. */
    synchronized void acquire() {
        holders++;
        if (!keeperRunning) {
            keeperRunning = true;
            Thread.ofPlatform().daemon(false).name("multiproc-keep-alive").start(this::hold);
        }
    }

    /** Counts one fewer. */
    synchronized void release() {
        if (--holders == 0) {
            notifyAll();
        }
    }

    private synchronized void hold() {
        try {
            while (true) {
                while (holders > 0) {
                    wait();
                }
                wait(LINGER_MS); // a new worker within the linger keeps this thread
                if (holders == 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // someone wants this JVM to end: let it
        } finally {
            keeperRunning = false;
        }
    }
}
