package dev.multiproc.cluster;

import dev.multiproc.Cluster;
import dev.multiproc.ClusterOptions;
import dev.multiproc.Context;
import dev.multiproc.Lock;
import dev.multiproc.Pool;
import dev.multiproc.Queue;
import dev.multiproc.SharedLong;
import dev.multiproc.Worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The driver of {@link MultiHostIT}, a program of its own in a network namespace of its own, joining agents on
 * other "hosts" through their private addresses. It prints one line per check ({@code ok <what>}), waits for
 * {@code killed} on its standard input after {@code kill <agent>}, and exits non-zero on the first failure.
 */
public final class MultiHostDriver {
    private static final int INCREMENTS = 200;
    private static final int ITEMS = 300;

    private MultiHostDriver() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path secret = Path.of(args[1]);
        List<String> agents = List.of(args).subList(2, args.length);
        try (Cluster ctx = Context.cluster(ClusterOptions.join(agents.toArray(String[]::new))
                .withClusterName(name).withNetworkAccess().withSecretFile(secret))) {
            check(new HashSet<>(ctx.agents()).equals(new HashSet<>(agents)), "agents " + ctx.agents());
            poolMapOverEveryHost(ctx, agents);
            lockedCounterFromEveryHost(ctx, agents);
            queueExactlyOnceAcrossHosts(ctx, agents);
            placedOnChosenHost(ctx, agents.getLast());
            agentKilled(ctx, agents);
        }
        System.out.println("done");
    }

    private static void poolMapOverEveryHost(Cluster ctx, List<String> agents) {
        try (Pool pool = ctx.pool(agents.size())) {
            List<Integer> items = IntStream.range(0, 60).boxed().toList();
            check(pool.map(i -> i * i, items).equals(items.stream().map(i -> i * i).toList()), "pool map results");
            Set<Long> pids = new HashSet<>(pool.map(i -> {
                sleep(20); // long enough that every worker takes some
                return ProcessHandle.current().pid();
            }, items, 1));
            check(pids.size() == agents.size(), "a worker JVM on every host: " + pids);
        }
        System.out.println("ok pool map over " + agents.size() + " hosts");
    }

    private static void lockedCounterFromEveryHost(Cluster ctx, List<String> agents) throws InterruptedException {
        Lock lock = ctx.lock();
        SharedLong counter = ctx.sharedLong(0);
        long start = System.nanoTime();
        List<Worker> workers = new ArrayList<>();
        for (String agent : agents) {
            workers.add(ctx.workerOn(agent, () -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    lock.lock();
                    try {
                        counter.set(counter.get() + 1); // lost updates unless the lock excludes
                    } finally {
                        lock.unlock();
                    }
                }
            }).start());
        }
        for (Worker w : workers) {
            w.join();
            check(w.exitCode().orElse(-1) == 0, w + " failed: " + w.failure());
        }
        check(counter.get() == (long) INCREMENTS * agents.size(), "counter " + counter.get());
        System.out.printf("ok locked counter %d from %d hosts in %d ms (worker starts included)%n", counter.get(),
                agents.size(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void queueExactlyOnceAcrossHosts(Cluster ctx, List<String> agents) throws InterruptedException {
        Queue<Integer> queue = ctx.queue();
        Queue<Integer> taken = ctx.queue();
        List<Worker> workers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int first = p * ITEMS / 2;
            workers.add(ctx.workerOn(agents.get(p), () -> {
                for (int i = first; i < first + ITEMS / 2; i++) {
                    putQuietly(queue, i);
                }
            }).start());
        }
        workers.add(ctx.workerOn(agents.get(2), () -> {
            for (int i = 0; i < ITEMS / 2; i++) {
                putQuietly(taken, takeQuietly(queue));
            }
        }).start());
        for (int i = 0; i < ITEMS / 2; i++) {
            taken.put(queue.take()); // the driver consumes too, from its own host
        }
        for (Worker w : workers) {
            w.join();
            check(w.exitCode().orElse(-1) == 0, w + " failed: " + w.failure());
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            Integer item = taken.poll(java.time.Duration.ofSeconds(10));
            check(item != null && seen.add(item), "item " + item + " missing or twice");
        }
        check(seen.size() == ITEMS && taken.isEmpty() && queue.isEmpty(), "exactly once: " + seen.size());
        System.out.println("ok queue of " + ITEMS + " items exactly once across hosts");
    }

    private static void placedOnChosenHost(Cluster ctx, String agent) throws InterruptedException {
        Worker w = ctx.workerOn(agent, () -> { }).start();
        check(ctx.agentOf(w).orElse("").equals(agent), "placed on " + ctx.agentOf(w));
        w.join();
        System.out.println("ok worker placed on " + agent);
    }

    private static void agentKilled(Cluster ctx, List<String> agents) throws Exception {
        String victim = agents.getLast();
        try (Pool pool = ctx.pool(agents.size())) {
            System.out.println("kill " + victim);
            String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
            check("killed".equals(answer), "the test answered " + answer);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (ctx.agents().contains(victim) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            check(!ctx.agents().contains(victim), "the killed agent is still listed: " + ctx.agents());
            List<Integer> items = IntStream.range(0, 30).boxed().toList();
            check(pool.map(i -> i + 1, items).equals(items.stream().map(i -> i + 1).toList()), "map after the kill");
        }
        System.out.println("ok agent " + victim + " killed, the pool serves on the others");
    }

    private static void putQuietly(Queue<Integer> q, int item) {
        try {
            q.put(item);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int takeQuietly(Queue<Integer> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            System.out.println("FAILED " + what);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }
}
