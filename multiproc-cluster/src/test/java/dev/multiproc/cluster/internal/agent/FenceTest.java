package dev.multiproc.cluster.internal.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FenceTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void stopsOnceWhenNoMajorityLastsTheSpan() {
        Fence fence = new Fence(Duration.ofSeconds(3), 0);
        assertFalse(fence.shouldStop(SECOND, true));
        assertFalse(fence.shouldStop(2 * SECOND, false), "the span starts");
        noStop(fence, 3, 4);
        assertTrue(fence.shouldStop(5 * SECOND, false), "3 s without a majority");
        assertFalse(fence.shouldStop(6 * SECOND, false), "once per span");
    }

    @Test
    void aMajorityHeardAgainStartsANewSpan() {
        Fence fence = new Fence(Duration.ofSeconds(2), 0);
        noStop(fence, 1, 2);
        assertFalse(fence.shouldStop(3 * SECOND, true), "healed before the span ended");
        noStop(fence, 4, 5);
        assertTrue(fence.shouldStop(6 * SECOND, false));
        fence.shouldStop(7 * SECOND, true);
        noStop(fence, 8, 9);
        assertTrue(fence.shouldStop(10 * SECOND, false), "a second split stops again");
    }

    @Test
    void aLateLookDecidesNothing_aSpanStartedBeforeGoesOn() {
        Fence fence = new Fence(Duration.ofSeconds(3), 0);
        noStop(fence, 1, 2);
        assertFalse(fence.shouldStop(12 * SECOND, false), "this JVM was paused: its view of the beats is stale");
        assertTrue(fence.shouldStop(13 * SECOND, false), "the span started at 1 s: the pause does not postpone it");
    }

    @Test
    void aLateLookStartsNoSpan() {
        Fence fence = new Fence(Duration.ofSeconds(3), 0);
        fence.shouldStop(SECOND, true);
        assertFalse(fence.shouldStop(12 * SECOND, false), "late: no span starts here");
        assertFalse(fence.shouldStop(13 * SECOND, false), "the span starts");
        noStop(fence, 14, 15);
        assertTrue(fence.shouldStop(16 * SECOND, false));
    }

    /** Looks without a majority at each of {@code seconds}, none of which stops. */
    private static void noStop(Fence fence, int... seconds) {
        for (int s : seconds) {
            assertFalse(fence.shouldStop(s * SECOND, false), "no stop at " + s + " s");
        }
    }
}
