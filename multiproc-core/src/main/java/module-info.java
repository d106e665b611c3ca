/**
 * multiproc: Python's {@code threading} and {@code multiprocessing} for Java. One API runs work in
 * platform threads, virtual threads or child JVMs; see {@link dev.multiproc.Context}.
 */
module dev.multiproc {
    requires jdk.unsupported; // sun.misc.Signal: a child reports SIGTERM/SIGHUP/SIGINT as -N before it dies

    exports dev.multiproc;

    // Context.cluster: the optional multiproc-cluster module provides it (on the class path, see docs/decisions.md)
    uses dev.multiproc.internal.cluster.ClusterEngine;
}
