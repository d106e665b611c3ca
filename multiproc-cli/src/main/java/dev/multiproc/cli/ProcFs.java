package dev.multiproc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what Linux tells about a process in {@code /proc}. */
final class ProcFs {
    private ProcFs() {
    }

    /**
     * The resident set size of a process: the {@code VmRSS} line of {@code /proc/<pid>/status}.
     *
     * @return bytes
     * @throws IOException if the process is gone or there is no {@code /proc} (not Linux)
     */
    static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                // "VmRSS:     54500 kB": the kernel's kB are KiB
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) * 1024;
            }
        }
        throw new IOException("no VmRSS line for pid " + pid);
    }

    /** The resident set size of this JVM. */
    static long residentBytesOfThisProcess() throws IOException {
        return residentBytes(ProcessHandle.current().pid());
    }
}
