package dev.multiproc;

import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The engines every contract test runs on, in every test package. The system property
 * {@code multiproc.test.engines} (comma-separated names) selects which run here; the others' cases are
 * skipped. The core module runs the three local engines; the cluster module runs the same test classes
 * (from the core's test jar) on {@link #CLUSTER}, against agents its {@link ClusterFixture} provides.
 */
public enum Engine {
    THREADS(Context::threads),
    VIRTUAL_THREADS(Context::virtualThreads),
    PROCESSES(Context::processes),
    CLUSTER(() -> Context.cluster(fixture().options()));

    private static final List<String> SELECTED = Arrays.asList(
            System.getProperty("multiproc.test.engines", "THREADS,VIRTUAL_THREADS,PROCESSES").split(","));

    private final Supplier<Context> factory;

    Engine(Supplier<Context> factory) {
        this.factory = factory;
    }

    /** A new context of this engine; the calling test is skipped when this engine is not selected here. */
    public Context open() {
        Assumptions.assumeTrue(SELECTED.contains(name()), () -> name() + " runs in another module");
        return factory.get();
    }

    /** Whether workers are JVMs of their own (exit codes from signals, System.exit contained). */
    public boolean isProcess() {
        return this == PROCESSES || this == CLUSTER;
    }

    /**
     * How many rounds a contention test runs here: {@code n} on this machine, fewer on the cluster, where
     * each operation is a network round trip (~0.5 ms) instead of an atomic instruction. What such a test
     * asserts (no update lost, every item once) does not depend on the count.
     *
     * @param n the rounds on a local engine
     * @return the rounds on this engine
     */
    public int rounds(int n) {
        return this == CLUSTER ? Math.max(20, n / 40) : n;
    }

    /** Whether {@code sharedMemory} exists: raw memory cannot span machines. */
    public boolean hasSharedMemory() {
        return this != CLUSTER;
    }

    private static ClusterFixture fixture() {
        return ServiceLoader.load(ClusterFixture.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ClusterFixture on the test class path"));
    }
}
