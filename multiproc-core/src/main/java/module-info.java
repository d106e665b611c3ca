/**
 * multiproc: Python's {@code threading} and {@code multiprocessing} for Java. One API runs work in
 * platform threads, virtual threads or child JVMs; see {@link dev.multiproc.Context}.
 */
module dev.multiproc {
    requires jdk.unsupported; // sun.misc.Signal: a child reports SIGTERM/SIGHUP as -N before it dies, ignores SIGINT

    exports dev.multiproc;

    // The seam for engines outside the core: what an engine is built from (contexts, workers, pools, the wire
    // format, the services below). Only the cluster engine may use it; users never see it.
    exports dev.multiproc.internal.engine to dev.multiproc.cluster;

    uses dev.multiproc.internal.engine.ClusterEngine; // Context.cluster, provided by multiproc-cluster
    uses dev.multiproc.internal.engine.ChildHook;     // what engines do in the children the core starts
}
