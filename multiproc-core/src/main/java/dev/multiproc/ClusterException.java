package dev.multiproc;

import java.io.Serial;

/**
 * A cluster context could not carry out a call: the part of the cluster that holds the object did not answer
 * (a network split, its agents gone) or this JVM's connection to the cluster is closed. The message says which
 * and, where it matters, whether the call may have taken effect; the cause is the cluster backend's own
 * exception, for diagnosis. No exception type of the backend (Hazelcast) is thrown by multiproc's API.
 */
public class ClusterException extends IllegalStateException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened
     * @param cause the backend's exception
     */
    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
