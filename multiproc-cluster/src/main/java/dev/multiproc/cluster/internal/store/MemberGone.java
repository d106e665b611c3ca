package dev.multiproc.cluster.internal.store;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.core.IndeterminateOperationStateException;

/** The one answer to "did a call fail because the member it went to left the cluster?". */
public final class MemberGone {
    private MemberGone() {
    }

    /**
     * Whether {@code failure}, or a cause of it, says that the member a call went to left the cluster or its
     * connection broke: the call's effect is unknown (it may have run), and the member is gone for this caller.
     *
     * @param failure what a call threw
     * @return {@code true} for a member that left
     */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MemberLeftException || t instanceof TargetNotMemberException
                    || t instanceof TargetDisconnectedException || t instanceof IndeterminateOperationStateException) {
                return true;
            }
        }
        return false;
    }
}
