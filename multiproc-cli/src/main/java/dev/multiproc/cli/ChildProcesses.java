package dev.multiproc.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches this JVM's child processes from the outside, through {@link ProcessHandle}: the library does not say
 * when a warm spare has finished booting, but a booted spare stops using CPU while it waits for a task.
 */
final class ChildProcesses {
    /** How long a quiet spell must last. */
    private static final Duration WINDOW = Duration.ofMillis(100);
    /** CPU the children may use together in one window and still count as idle: a booting JVM uses a core. */
    private static final Duration QUIET_CPU = Duration.ofMillis(20);

    private ChildProcesses() {
    }

    /**
     * Waits until this JVM has at least {@code count} live children and they have been idle for one window.
     * Where the OS does not report CPU times this waits the whole {@code max}.
     *
     * @return {@code true} if they became idle, {@code false} if {@code max} passed first
     * @throws InterruptedException if the calling thread is interrupted
     */
    static boolean awaitIdle(int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Map<Long, Duration> before = cpuTimes();
        while (System.nanoTime() - deadline < 0) {
            Thread.sleep(WINDOW);
            Map<Long, Duration> after = cpuTimes();
            if (after.size() >= count && after.keySet().equals(before.keySet())
                    && used(before, after).compareTo(QUIET_CPU) < 0) {
                return true;
            }
            before = after;
        }
        return false;
    }

    /** CPU time of each live child, by pid; a child that does not report one is left out. */
    private static Map<Long, Duration> cpuTimes() {
        Map<Long, Duration> times = new HashMap<>();
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).forEach(p ->
                p.info().totalCpuDuration().ifPresent(d -> times.put(p.pid(), d)));
        return times;
    }

    private static Duration used(Map<Long, Duration> before, Map<Long, Duration> after) {
        Duration sum = Duration.ZERO;
        for (Map.Entry<Long, Duration> e : after.entrySet()) {
            sum = sum.plus(e.getValue().minus(before.get(e.getKey())));
        }
        return sum;
    }
}
