package dev.multiproc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A gate for process engines: a directory. A task arrives by creating {@code arrived-<pid>-<thread>} in it;
 * the gate is open once the file {@code open} exists. Waiting polls every {@value #POLL_MILLIS} ms: a child
 * that waits here is as idle as a sleeping one.
 *
 * @param directory the directory, as a string because {@link Path} is not serializable
 */
record FileGate(String directory) implements Gate {
    private static final long POLL_MILLIS = 20;
    private static final String OPEN = "open";
    private static final String ARRIVED = "arrived-";

    @Override
    public void arrive() {
        String name = ARRIVED + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId();
        try {
            Files.createFile(dir().resolve(name));
        } catch (FileAlreadyExistsException e) {
            // the same thread arrived twice: once is what counts
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal arrival: " + name, e);
        }
    }

    @Override
    public boolean isOpen() {
        return Files.exists(dir().resolve(OPEN));
    }

    @Override
    public boolean awaitOpen(long deadlineMillis) {
        while (!isOpen()) {
            long left = deadlineMillis - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(left, POLL_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the task decides what an interrupt means
                return false;
            }
        }
        return true;
    }

    int arrivals() {
        try (Stream<Path> files = Files.list(dir())) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith(ARRIVED)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count arrivals in " + directory, e);
        }
    }

    void open() {
        try {
            Files.createFile(dir().resolve(OPEN));
        } catch (FileAlreadyExistsException e) {
            // opened before: opening is idempotent
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open gate " + directory, e);
        }
    }

    private Path dir() {
        return Path.of(directory);
    }
}
