package dev.multiproc.cluster;

import dev.multiproc.ClusterException;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.Queue;
import dev.multiproc.Semaphore;
import dev.multiproc.cluster.internal.ClusterContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call the cluster cannot carry out throws multiproc's {@link ClusterException}, never a Hazelcast type. */
@Timeout(120)
class ClusterFailureTest {

    @Test
    void callsAfterThisJvmLostItsConnection_throwClusterException() throws InterruptedException {
        try (Context ctx = Context.cluster(ClusterOptions.local(1))) {
            Lock lock = ctx.lock();
            Queue<String> queue = ctx.queue();
            Semaphore semaphore = ctx.semaphore(1);
            lock.lock();
            lock.unlock();
            queue.put("before");
            ((ClusterContext) ctx).client().shutdown(); // what a client that gave up on its cluster is left with
            assertClusterException(lock::tryLock);
            assertClusterException(lock::isLocked);
            assertClusterException(() -> lock.tryLock(1, TimeUnit.SECONDS));
            assertClusterException(semaphore::tryAcquire);
            assertClusterException(() -> queue.put("after"));
            assertClusterException(() -> queue.poll(Duration.ofSeconds(1)));
        }
    }

    private static void assertClusterException(Executable call) {
        ClusterException e = assertThrows(ClusterException.class, call);
        assertTrue(e.getMessage().contains("connection to the cluster is closed"), e.getMessage());
    }
}
