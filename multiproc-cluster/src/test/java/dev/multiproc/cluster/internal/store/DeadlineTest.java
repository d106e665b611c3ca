package dev.multiproc.cluster.internal.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a call within a timed wait may wait for: the wait's time left plus the margin, and no more. */
class DeadlineTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aCallWithinAWaitGetsItsTimeLeftPlusTheMargin() {
        long[] left = new long[1];
        Deadline.within(System.nanoTime() + SECOND, () -> {
            left[0] = Deadline.left();
            return true;
        });
        assertTrue(left[0] > Deadline.MARGIN_NANOS && left[0] <= SECOND + Deadline.MARGIN_NANOS, "left " + left[0]);
        Deadline.now(() -> {
            left[0] = Deadline.left();
            return true;
        });
        assertTrue(left[0] <= Deadline.MARGIN_NANOS && left[0] > Deadline.MARGIN_NANOS / 2, "left " + left[0]);
    }

    @Test
    void noWaitOrAFarDeadline_leavesCallsUnbounded() {
        assertEquals(Long.MAX_VALUE, Deadline.left());
        long[] left = new long[1];
        Deadline.within(System.nanoTime() + Long.MAX_VALUE - 1, () -> { // wraps around: must not read as past
            left[0] = Deadline.left();
            return true;
        });
        assertEquals(Long.MAX_VALUE, left[0]);
        assertEquals(Long.MAX_VALUE, Deadline.left(), "the wait's deadline ends with it");
    }

    @Test
    void aCallThatGivesUp_failsTheTry() {
        assertFalse(Deadline.now(() -> {
            throw new Deadline.Unanswered(null);
        }));
    }
}
