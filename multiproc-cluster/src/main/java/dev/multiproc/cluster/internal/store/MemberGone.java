package dev.multiproc.cluster.internal.store;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.hazelcast.core.IndeterminateOperationStateException;

/** The one answer to "did a call fail because the member it went to left the cluster?" (and "before it was sent?"). */
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
        return causedBy(failure, MemberLeftException.class, TargetNotMemberException.class,
                TargetDisconnectedException.class, IndeterminateOperationStateException.class);
    }

    /**
     * Whether {@code failure} is one a call waits out, as the cluster settles: a member left ({@link #is}), or
     * the member it went to does not hear a majority of the agents (it is cut off, or the cluster has just healed
     * and it has not heard the others' beats yet), and refused it.
     *
     * @param failure what a call threw
     * @return {@code true} if the call may be sent again
     */
    public static boolean orNoMajority(Throwable failure) {
        return is(failure) || causedBy(failure, SplitBrainProtectionException.class);
    }

    /**
     * Whether {@code failure} says the call was refused before it was sent, its target being no longer a member:
     * its effect is known to be none, so it may be made elsewhere.
     *
     * @param failure what a call threw
     * @return {@code true} for a call that never left
     */
    public static boolean neverSent(Throwable failure) {
        return causedBy(failure, TargetNotMemberException.class);
    }

    /**
     * Whether {@code failure} or one of its causes is of one of {@code types}.
     *
     * @param failure what a call threw
     * @param types the types looked for
     * @return {@code true} if one is found
     */
    @SafeVarargs
    static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
