package multiproctest;

import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.Pool;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;

import java.util.List;

/**
 * A user program outside the library, for the test that runs the core and the cluster engine as named modules:
 * a cluster of two local agents, a pool task, and a lock taken in a worker. Prints what it saw.
 */
public final class ModularClusterApp {
    private ModularClusterApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("modules: " + Context.class.getModule().getName() + " "
                + ModuleLayer.boot().findModule("dev.multiproc.cluster").map(Module::getName).orElse("missing"));
        try (Context ctx = Context.cluster(ClusterOptions.local(2))) {
            try (Pool pool = ctx.pool(2)) {
                System.out.println("pool map=" + pool.map(x -> x * x, List.of(1, 2, 3)));
            }
            Lock lock = ctx.lock();
            SharedLong counter = ctx.sharedLong(0);
            Worker w = ctx.start(() -> {
                lock.lock();
                try {
                    counter.incrementAndGet();
                } finally {
                    lock.unlock();
                }
            });
            w.join();
            System.out.println("worker exit=" + w.exitCode().orElseThrow() + " counter=" + counter.get());
        }
    }
}
