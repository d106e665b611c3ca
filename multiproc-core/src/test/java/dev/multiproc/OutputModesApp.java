package dev.multiproc;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A parent JVM for {@link OutputModesTest}, whose stdout and stderr the test reads: workers write in each
 * {@link Output} mode. Argument: the directory for {@link Output#toDirectory}.
 */
public final class OutputModesApp {
    static final int LINES = 100_000;

    private OutputModesApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.processes(ProcessOptions.defaults().withOutput(Output.prefixed()))) {
            join(ctx.worker("w1", () -> {
                System.out.println("hello");
                System.out.println("x".repeat(200_000));
                System.err.print("no newline at the end");
            }).start());
            join(ctx.worker("w2", () -> {
                for (int i = 0; i < LINES; i++) {
                    System.out.println("line " + i);
                }
            }).start());
            Event printed = ctx.event();
            Worker w3 = ctx.worker("w3", () -> {
                System.out.print("cut short");
                System.out.flush();
                printed.set();
                sleep(60_000);
            }).start();
            printed.await();
            w3.kill();
            w3.join();
            try (Pool pool = ctx.pool(1)) {
                pool.submit(() -> {
                    System.out.println("from the pool");
                    return 0;
                }).get();
            }
        }
        try (Context ctx = Context.processes(ProcessOptions.defaults().withOutput(Output.discard()))) {
            join(ctx.worker("w5", () -> System.out.println("never seen")).start());
        }
        Path dir = Path.of(args[0]);
        try (Context ctx = Context.processes(ProcessOptions.defaults().withOutput(Output.toDirectory(dir))
                .withWarmSpares(1))) {
            join(ctx.worker("w6", () -> {
                System.out.print("raw\ntext");
                System.err.println("to err");
            }).start());
        }
        System.out.println("parent done");
    }

    private static void join(Worker w) throws InterruptedException {
        if (!w.join(Duration.ofSeconds(60)) || w.exitCode().orElse(-1) != 0) {
            throw new IllegalStateException(w.name() + " ended with " + w.exitCode());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
