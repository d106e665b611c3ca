package dev.multiproc.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.Pool;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.ClusterContext;
import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.agent.AgentMain;
import dev.multiproc.cluster.internal.store.RawProbeTask;

import java.util.Arrays;

/**
 * The cluster engine beside raw Hazelcast, in the same run, on two local agents: submit + get of a trivial
 * task, lock + unlock, and a queue between two agents. Prints medians and the ratio multiproc / raw.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp multiproc-bench/target/benchmarks.jar dev.multiproc.bench.ClusterProbe</pre>
 */
public final class ClusterProbe {
    private static final int OPS = 1_000;
    private static final int ITEMS = 5_000;

    private ClusterProbe() {
    }

    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        try (ClusterContext ctx = (ClusterContext) Context.cluster(ClusterOptions.local(2))) {
            HazelcastInstance hz = ctx.client();
            Member agent = hz.getCluster().getMembers().iterator().next();
            IExecutorService ex = hz.getExecutorService(AgentMain.EXECUTOR);
            try (Pool pool = ctx.pool(1); Context processes = Context.processes(); Pool local = processes.pool(1)) {
                pool.submit(() -> 0).get(); // the agent's worker JVM is up
                local.submit(() -> 0).get();
                for (int round = 1; round <= 3; round++) {
                    double[] m = medianMicros(() -> ex.submitToMember(new RawProbeTask(), agent).get(),
                            () -> pool.submit(() -> 1).get(), () -> local.submit(() -> 1).get());
                    report("submit+get", round, m[0], m[1]);
                    // a cluster pool task runs in a worker JVM of the agent's local pool: the isolation hop
                    System.out.printf("  of which a local process pool's submit+get (same run): %.0f us; "
                            + "the rest %.2fx raw%n", m[2], (m[1] - m[2]) / m[0]);
                }
            }
            IMap<String, String> map = hz.getMap("probe");
            Lock lock = ctx.lock();
            for (int round = 1; round <= 3; round++) {
                double[] m = medianMicros(() -> {
                    map.lock("k");
                    map.unlock("k");
                }, () -> {
                    lock.lock();
                    lock.unlock();
                });
                report("lock+unlock", round, m[0], m[1]);
            }
            for (int round = 1; round <= 3; round++) {
                double raw = rawQueue(ctx, "probe-raw-" + round);
                double mp = multiprocQueue(ctx);
                System.out.printf("queue 2 agents   round %d: raw %,.0f items/s, multiproc %,.0f items/s, ratio %.2fx%n",
                        round, raw, mp, raw / mp);
            }
        }
    }

    private static void report(String what, int round, double raw, double mp) {
        System.out.printf("%-16s round %d: raw %.0f us, multiproc %.0f us, ratio %.2fx%n", what, round, raw, mp, mp / raw);
    }

    /**
     * The medians of operations timed in turn, one of each per step, so that all of them see the same load on
     * this shared machine. The order turns from step to step: what one operation leaves running for a moment
     * (a worker JVM that polls its link after a reply, say) must not always slow the same other one.
     */
    private static double[] medianMicros(Op... ops) throws Exception {
        for (int i = 0; i < OPS / 10; i++) {
            for (Op op : ops) {
                op.run();
            }
        }
        long[][] t = new long[ops.length][OPS];
        for (int i = 0; i < OPS; i++) {
            for (int j = 0; j < ops.length; j++) {
                int k = (i + j) % ops.length; // each step starts with the next one: none always follows another
                t[k][i] = time(ops[k]);
            }
        }
        double[] medians = new double[ops.length];
        for (int k = 0; k < ops.length; k++) {
            medians[k] = median(t[k]);
        }
        return medians;
    }

    private static long time(Op op) throws Exception {
        long s = System.nanoTime();
        op.run();
        return System.nanoTime() - s;
    }

    private static double median(long[] nanos) {
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e3;
    }

    /** Items per second from the consumer's first take to its last, producer and consumer on two agents. */
    private static double rawQueue(ClusterContext ctx, String name) throws Exception {
        Grid.Ref ref = ctx.ref();
        SharedLong nanos = ctx.sharedLong(0);
        Worker consumer = ctx.start(() -> {
            IQueue<byte[]> q = Grid.jvm().instance(ref).getQueue(name);
            takeAll(q::take, nanos);
        });
        Worker producer = ctx.start(() -> {
            IQueue<byte[]> q = Grid.jvm().instance(ref).getQueue(name);
            for (int i = 0; i < ITEMS; i++) {
                q.add(new byte[16]);
            }
        });
        producer.join();
        consumer.join();
        return ITEMS / (nanos.get() / 1e9);
    }

    /** A blocking take of either queue. */
    interface Take {
        Object take() throws InterruptedException;
    }

    /** Takes every item; the time from the first take to the last goes to {@code nanos}. */
    private static void takeAll(Take q, SharedLong nanos) {
        try {
            q.take();
            long start = System.nanoTime();
            for (int i = 1; i < ITEMS; i++) {
                q.take();
            }
            nanos.set(System.nanoTime() - start);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double multiprocQueue(ClusterContext ctx) throws Exception {
        Queue<byte[]> q = ctx.queue();
        SharedLong nanos = ctx.sharedLong(0);
        Worker consumer = ctx.start(() -> takeAll(q::take, nanos));
        Worker producer = ctx.start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(new byte[16]);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.join();
        consumer.join();
        return ITEMS / (nanos.get() / 1e9);
    }
}
