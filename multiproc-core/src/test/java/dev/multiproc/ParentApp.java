package dev.multiproc;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A parent program for tests that need a parent JVM of their own (to kill it, or to watch it exit).
 * Prints the child's pid on the first line of stdout.
 */
public final class ParentApp {
    private ParentApp() {
    }

    public static void main(String[] args) throws Exception {
        Context ctx = Context.processes(); // deliberately not closed: the JVM's end must clean up
        switch (args[0]) {
            case "orphan" -> { // the test kills this JVM with SIGKILL; the child must notice and end
                announce(ctx.start(() -> Tasks.sleep(120_000)));
                Thread.sleep(120_000);
            }
            case "daemon" -> announce(ctx.worker(() -> Tasks.sleep(120_000)).daemon(true).start());
            case "nondaemon" -> {
                String marker = args[1];
                announce(ctx.start(() -> {
                    Tasks.sleep(1500);
                    try {
                        Files.writeString(Path.of(marker), "done");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            case "flood" -> { // a producer far ahead of any consumer; the test stops this JVM with a signal
                Queue<Integer> q = ctx.queue();
                Worker producer = ctx.start(() -> {
                    for (int i = 0; ; i++) {
                        try {
                            q.put(i);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                while (q.size() < 600_000) { // well past the ring: the overflow chain has files
                    Thread.sleep(10);
                }
                announce(producer);
                Thread.sleep(120_000);
            }
            case "pollers" -> { // what a short program leaves running when its main returns
                ctx.start(() -> { }).join();
                try (Pool pool = ctx.pool(1)) {
                    pool.map(x -> x + 1, java.util.List.of(1, 2, 3));
                }
                ctx.close();
                System.out.println(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(n -> n.contains("Poller")).toList());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void announce(Worker w) throws InterruptedException {
        while (w.pid() < 0) {
            Thread.sleep(10);
        }
        System.out.println(w.pid());
        System.out.flush();
    }
}
