package dev.multiproc.cluster.internal.store;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.HazelcastClientOfflineException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import dev.multiproc.ClusterException;

/**
 * Hazelcast's exceptions as multiproc's: what a cluster call throws is a {@link ClusterException} that says what
 * happened in the API's words, with Hazelcast's exception as its cause. Other exceptions pass unchanged.
 */
public final class Failures {
    private Failures() {
    }

    /**
     * @param call what was being done, e.g. {@code "update of lock/5"}
     * @param failure what the call threw
     * @return {@code failure} itself, or a {@link ClusterException} if it came from Hazelcast
     */
    public static RuntimeException translate(String call, RuntimeException failure) {
        if (failure instanceof ClusterException || !fromHazelcast(failure)) {
            return failure;
        }
        return new ClusterException(call + ": " + why(failure), failure);
    }

    private static boolean fromHazelcast(Throwable failure) {
        return failure.getClass().getName().startsWith("com.hazelcast.");
    }

    private static String why(RuntimeException failure) {
        if (failure instanceof HazelcastClientOfflineException || failure instanceof HazelcastClientNotActiveException
                || failure instanceof HazelcastInstanceNotActiveException) {
            return "this JVM's connection to the cluster is closed, or gave up reaching it (" + failure.getMessage() + ")";
        }
        if (MemberGone.is(failure)) {
            return "the agent that holds it left or could not be reached (it died, or a network split), and no other "
                    + "took its place in time; the call may or may not have taken effect (" + failure.getMessage() + ")";
        }
        if (MemberGone.orNoMajority(failure)) {
            return "the agent that holds it does not hear a majority of the agents (a network split: the side with "
                    + "the majority keeps the cluster's state, this side's changes are dropped when the sides merge); "
                    + "a change the call made here is not kept (" + failure.getMessage() + ")";
        }
        if (failure instanceof OperationTimeoutException) {
            return "no answer in time (a network split, or an overloaded agent); the call may or may not have taken "
                    + "effect (" + failure.getMessage() + ")";
        }
        return failure.toString();
    }
}
