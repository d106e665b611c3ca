package dev.multiproc.internal.shm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SelfTest {

    @Test
    void thisProcess_hasAStableStamp_andIsAlive() {
        assertTrue(Self.START_STAMP > 0);
        assertEquals(Self.START_STAMP, Self.startStamp(Self.PID));
        assertFalse(Self.isDead(Self.PID, Self.START_STAMP));
    }

    @Test
    void samePidOtherStamp_isAReusedPid_dead() {
        assertTrue(Self.isDead(Self.PID, Self.START_STAMP + 1));
    }

    @Test
    void endedChild_isDead_oncePastItsEnd() throws Exception {
        Process p = new ProcessBuilder("sleep", "0").start();
        long pid = p.pid();
        long stamp = Self.startStamp(pid);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(Self.isDead((int) pid, stamp), "stamp was " + stamp);
    }
}
