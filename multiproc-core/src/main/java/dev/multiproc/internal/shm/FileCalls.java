package dev.multiproc.internal.shm;

import java.io.IOException;

/**
 * File operations that an interrupt must not spoil. A {@code FileChannel} is interruptible: an operation on a
 * thread whose interrupt flag is set closes the channel and fails ({@code ClosedByInterruptException}), so a
 * thread interrupted a moment before its first use of a segment, the doorbell or a lifeline would fail there.
 * These run with the flag cleared, and set it again afterwards for the caller's own wait to see.
 */
final class FileCalls {

    /** A file operation. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    private FileCalls() {
    }

    static <T> T uninterrupted(Call<T> call) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return call.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
