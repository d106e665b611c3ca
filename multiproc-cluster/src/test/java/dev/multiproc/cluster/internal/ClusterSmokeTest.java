package dev.multiproc.cluster.internal;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Worker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSmokeTest {
    @Test
    void workerRunsOnAnAgent() throws Exception {
        long t0 = System.nanoTime();
        try (Context ctx = Context.cluster(ClusterOptions.local(2))) {
            System.err.println("context up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            var lock = ctx.lock();
            var n = ctx.sharedLong(0);
            long t1 = System.nanoTime();
            Worker w = ctx.start(() -> {
                lock.lock();
                n.addAndGet(5);
                lock.unlock();
                System.exit(3);
            });
            assertTrue(w.join(Duration.ofSeconds(60)));
            System.err.println("worker done in " + (System.nanoTime() - t1) / 1_000_000 + " ms pid " + w.pid());
            assertEquals(3, w.exitCode().orElseThrow());
            assertEquals(5, n.get());
        }
    }
}
