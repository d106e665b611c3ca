package dev.multiproc;

import java.time.Duration;

/**
 * A parent JVM for {@link CtrlCTest}: a pool of 2 busy with long tasks and 2 sleeping workers, then "ready" on
 * stdout; it waits to be interrupted as a terminal's Ctrl-C does, by SIGINT to its whole process group.
 */
public final class CtrlCApp {
    private CtrlCApp() {
    }

    public static void main(String[] args) throws Exception {
        try (Context ctx = Context.processes(); Pool pool = ctx.pool(2)) {
            Semaphore running = ctx.semaphore(0);
            for (int i = 0; i < 4; i++) {
                pool.submit(() -> {
                    running.release();
                    Thread.sleep(60_000);
                    return 0;
                });
            }
            for (int i = 0; i < 2; i++) {
                ctx.start(() -> {
                    running.release();
                    sleep();
                });
            }
            for (int i = 0; i < 4; i++) {
                if (!running.tryAcquire(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("workers did not start");
                }
            }
            System.out.println("ready");
            Thread.sleep(60_000);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
