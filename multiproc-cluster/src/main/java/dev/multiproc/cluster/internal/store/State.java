package dev.multiproc.cluster.internal.store;

import java.io.Serializable;

/** The value a cluster primitive keeps under its key. */
public interface State extends Serializable {

    /**
     * This state once {@code deadEndpoint} is gone: its holds released, its waits broken. Deterministic.
     *
     * @param deadEndpoint the {@link Store#self()} of a JVM that left the cluster
     * @return the new state, or {@code this} when nothing changes
     */
    default State reap(String deadEndpoint) {
        return this;
    }
}
