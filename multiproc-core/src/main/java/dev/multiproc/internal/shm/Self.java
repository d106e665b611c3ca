package dev.multiproc.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * This process's identity as written into shared memory: pid and start stamp (pid reuse tells them apart),
 * and whether the process behind a pid and stamp is gone.
 *
 * <p>On Linux the stamp is the kernel's start time of the process in clock ticks since boot
 * ({@code /proc/<pid>/stat}, field 22), not a wall-clock instant: the JDK's
 * {@code ProcessHandle.Info.startInstant()} adds the boot time, which moves when the wall clock is stepped
 * (seen on this project's VMs after a pause), so two processes computing it at different moments disagreed and
 * a live peer looked dead. In the portable mode ({@link Platform}) it is a random number naming the process's
 * {@link Lifeline}, a file the process holds locked while it lives.
 */
final class Self {
    static final int PID = (int) ProcessHandle.current().pid();
    static final long START_STAMP = Platform.PORTABLE ? Lifeline.STAMP : startStamp(PID);

    private static final int STATE = 0; // field 3 of /proc/<pid>/stat, counted after the command name
    private static final int START_TIME = 19; // field 22

    private Self() {
    }

    /**
     * The start stamp of a process, on Linux.
     *
     * @return its start time in clock ticks since boot; 0 if unknown; -1 if the process does not exist or is a zombie
     */
    static long startStamp(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // the name may hold ") "
            return fields[STATE].equals("Z") ? -1 : Long.parseLong(fields[START_TIME]);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The stamp of process {@code pid} as it will write it itself: for a child, known before it runs. */
    static long stampOf(long pid) {
        return Platform.PORTABLE ? Lifeline.stampOf(pid) : startStamp(pid);
    }

    /**
     * Tells whether the process that wrote {@code pid} and {@code startStamp} is gone: no such process, a
     * zombie, or a live process with the same pid but another start (the pid was reused). A stamp of 0 (not
     * written yet, or unknown) trusts the pid alone.
     */
    static boolean isDead(int pid, long startStamp) {
        return isDead(pid, startStamp, 64);
    }

    /**
     * As {@link #isDead(int, long)}, for a stamp of which only the low {@code stampBits} bits were kept (a
     * portable stamp always fits in them).
     */
    static boolean isDead(long pid, long stamp, int stampBits) {
        if (pid <= 0) {
            return false; // no owner recorded
        }
        if (Platform.PORTABLE) {
            return pid == PID ? stamp != 0 && stamp != START_STAMP : Lifeline.isDead(pid, stamp);
        }
        long now = startStamp(pid);
        if (now == -1) {
            return true;
        }
        long mask = stampBits >= 64 ? -1L : (1L << stampBits) - 1;
        return stamp != 0 && now != 0 && (now & mask) != stamp;
    }
}
