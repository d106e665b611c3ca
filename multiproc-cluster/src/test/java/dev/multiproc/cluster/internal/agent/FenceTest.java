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
        assertFalse(fence.shouldStop(3 * SECOND, false));
        assertFalse(fence.shouldStop(4 * SECOND, false));
        assertTrue(fence.shouldStop(5 * SECOND, false), "3 s without a majority");
        assertFalse(fence.shouldStop(6 * SECOND, false), "once per span");
    }

    @Test
    void aMajorityHeardAgainStartsANewSpan() {
        Fence fence = new Fence(Duration.ofSeconds(2), 0);
        fence.shouldStop(SECOND, false);
        fence.shouldStop(2 * SECOND, false);
        assertFalse(fence.shouldStop(3 * SECOND, true), "healed before the span ended");
        assertFalse(fence.shouldStop(4 * SECOND, false));
        assertFalse(fence.shouldStop(5 * SECOND, false));
        assertTrue(fence.shouldStop(6 * SECOND, false));
        fence.shouldStop(7 * SECOND, true);
        fence.shouldStop(8 * SECOND, false);
        fence.shouldStop(9 * SECOND, false);
        assertTrue(fence.shouldStop(10 * SECOND, false), "a second split stops again");
    }

    @Test
    void aLateLookDecidesNothing_aSpanStartedBeforeGoesOn() {
        Fence fence = new Fence(Duration.ofSeconds(3), 0);
        fence.shouldStop(SECOND, false);
        fence.shouldStop(2 * SECOND, false);
        assertFalse(fence.shouldStop(12 * SECOND, false), "this JVM was paused: its view of the beats is stale");
        assertTrue(fence.shouldStop(13 * SECOND, false), "the span started at 1 s: the pause does not postpone it");
    }

    @Test
    void aLateLookStartsNoSpan() {
        Fence fence = new Fence(Duration.ofSeconds(3), 0);
        fence.shouldStop(SECOND, true);
        assertFalse(fence.shouldStop(12 * SECOND, false), "late: no span starts here");
        assertFalse(fence.shouldStop(13 * SECOND, false), "the span starts");
        assertFalse(fence.shouldStop(14 * SECOND, false));
        assertFalse(fence.shouldStop(15 * SECOND, false));
        assertTrue(fence.shouldStop(16 * SECOND, false));
    }
}
