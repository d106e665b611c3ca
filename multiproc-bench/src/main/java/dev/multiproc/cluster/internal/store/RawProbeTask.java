package dev.multiproc.cluster.internal.store;

import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * The raw task of {@code ClusterProbe}: what Hazelcast's executor runs without multiproc, as the baseline of a
 * pool's submit + get. It lives in a package whose classes an agent's member may load (agents refuse every
 * other class a client sends), on the benchmark's class path only.
 */
public final class RawProbeTask implements Callable<Integer>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Integer call() {
        return 1;
    }
}
