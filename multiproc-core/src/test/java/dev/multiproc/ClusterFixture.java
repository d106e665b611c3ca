package dev.multiproc;

/**
 * Where the contract tests find a cluster for {@link Engine#CLUSTER}: the cluster module's tests provide one
 * (ServiceLoader), agents started once for the whole test run and joined by every test's context.
 */
public interface ClusterFixture {

    /**
     * Options that join the shared agents, which start on first use.
     *
     * @return the options
     */
    ClusterOptions options();
}
