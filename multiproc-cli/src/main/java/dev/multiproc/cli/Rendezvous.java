package dev.multiproc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The measuring side of a {@link Gate}: counts the tasks that are running and lets them end. Without queues
 * in the library yet, this is how a measurement knows that workers have really started (a process worker's
 * {@code start()} returns while its JVM still boots).
 *
 * <p>Closing opens the gate, so no task waits on a rendezvous that is gone.
 */
final class Rendezvous implements AutoCloseable {
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final Gate gate;

    private Rendezvous(Gate gate) {
        this.gate = gate;
    }

    /**
     * A rendezvous that tasks of {@code engine} can reach.
     *
     * @param scratch a directory for process engines' gates; deleted by its owner, not here
     */
    static Rendezvous forEngine(Engine engine, Path scratch) throws IOException {
        if (engine.isProcess()) {
            return new Rendezvous(new FileGate(Files.createTempDirectory(scratch, "gate-").toString()));
        }
        return new Rendezvous(LocalGate.register());
    }

    /** What tasks capture. */
    Gate gate() {
        return gate;
    }

    /** How many tasks have arrived so far. */
    int arrivals() {
        return switch (gate) {
            case LocalGate g -> g.arrivals();
            case FileGate g -> g.arrivals();
        };
    }

    /**
     * Waits until at least {@code count} tasks have arrived, polling every millisecond.
     *
     * @return {@code true} if they did within the timeout
     * @throws InterruptedException if the calling thread is interrupted
     */
    boolean awaitArrivals(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (arrivals() < count) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(Duration.ofNanos(POLL_NANOS));
        }
        return true;
    }

    /** Lets every waiting task end. Idempotent. */
    void open() {
        switch (gate) {
            case LocalGate g -> g.open();
            case FileGate g -> g.open();
        }
    }

    @Override
    public void close() {
        switch (gate) {
            case LocalGate g -> g.unregister();
            case FileGate g -> g.open();
        }
    }
}
