package dev.multiproc.internal.shm;

import java.time.Instant;

/** This process's identity as written into shared memory: pid and start time (pid reuse tells them apart). */
final class Self {
    static final int PID = (int) ProcessHandle.current().pid();
    static final long START_MILLIS = startMillis(ProcessHandle.current());

    private Self() {
    }

    static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /**
     * Tells whether the process that wrote {@code pid} and {@code startMillis} is gone. A live process
     * with the same pid but another start time is a reuse of the pid: the writer is gone. A start time of
     * 0 (not written yet, or unknown) trusts the pid alone.
     */
    static boolean isDead(int pid, long startMillis) {
        if (pid <= 0) {
            return false; // no owner recorded
        }
        return ProcessHandle.of(pid)
                .map(p -> startMillis != 0 && startMillis(p) != 0 && startMillis(p) != startMillis)
                .orElse(true);
    }
}
