package dev.multiproc.cluster;

import dev.multiproc.Queue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A program of {@link MultiHostIT} that stays on the side a split cuts off and that nobody stops there (as a
 * user's program would): it puts numbered items into a queue whose handle the driver wrote to a file, and writes
 * down every put that returned, with its time, until a stop file appears. What it was told "done" must survive the
 * merge.
 */
public final class MultiHostCutClient {
    /** The first item's number: apart from the driver's producers'. */
    static final int FIRST = 2_000_000;

    private MultiHostCutClient() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Queue<Integer> queue;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir.resolve("queue.handle")))) {
            @SuppressWarnings("unchecked")
            Queue<Integer> q = (Queue<Integer>) in.readObject();
            queue = q;
        }
        for (int i = FIRST; !Files.exists(dir.resolve("stop")); i++) {
            long start = System.currentTimeMillis();
            try {
                queue.put(i);
                note(dir.resolve("put-client"), i);
            } catch (RuntimeException e) {
                System.err.printf("put %d failed after %d ms: %s%n", i, System.currentTimeMillis() - start, e);
            }
            Thread.sleep(25);
        }
        Files.writeString(dir.resolve("client-done"), "done");
        System.exit(0); // the cluster's client threads would keep the JVM up a while
    }

    private static void note(Path file, int item) throws IOException {
        Files.writeString(file, item + " " + System.currentTimeMillis() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
