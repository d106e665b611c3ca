package dev.multiproc.internal.engine;

/**
 * Keeps this JVM alive while non-daemon workers run, as Python's interpreter waits for non-daemon
 * threads and processes at exit. Virtual threads and child JVMs cannot hold the JVM open by
 * themselves, so one non-daemon platform thread does it while the count is above zero.
 *
 * <p>The keeper lingers up to {@link #LINGER_MS} ms after the count drops to zero, so that a loop of short
 * workers does not start a platform thread per worker (measured: virtual-thread start+join went from
 * ~124 µs to the cost of the virtual thread itself). It stops lingering as soon as no other non-daemon
 * thread is left but the one the launcher exits on: a program whose {@code main} returned right after its
 * last worker ended would otherwise exit that much later.
 */
final class KeepAlive {
    static final long LINGER_MS = 200;
    /** How often a lingering keeper looks whether the program's {@code main} has returned. */
    private static final long LOOK_MS = 5;
    /** The thread the {@code java} launcher waits on for the other non-daemon threads, once main returned. */
    private static final String LAUNCHER_EXIT_THREAD = "DestroyJavaVM";

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
                linger(); // a new worker within the linger keeps this thread
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

    /** Waits up to the linger for a new worker; returns early once nothing but this thread holds the JVM. */
    private void linger() throws InterruptedException {
        long until = System.nanoTime() + LINGER_MS * 1_000_000;
        while (holders == 0 && !onlyHolder()) {
            long leftMillis = (until - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return;
            }
            wait(Math.min(LOOK_MS, leftMillis));
        }
    }

    /**
     * Whether no other live non-daemon thread could still start a worker: every other one is the launcher's
     * exit thread (present once {@code main} returned). Virtual threads are daemons and are not listed.
     */
    private static boolean onlyHolder() {
        ThreadGroup root = rootGroup();
        Thread[] threads = new Thread[root.activeCount() + 8]; // a thread missed here only ends the linger early
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && !t.isDaemon() && !LAUNCHER_EXIT_THREAD.equals(t.getName())) {
                return false;
            }
        }
        return true;
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }
}
