package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class GateTest {

    @Test
    void localGate_arriveAndOpen_seenByTheMeasuringSide() throws InterruptedException, IOException {
        try (Rendezvous r = Rendezvous.forEngine(Engine.VIRTUAL_THREADS, Path.of("unused"))) {
            exercise(r);
        }
    }

    @Test
    void fileGate_arriveAndOpen_seenByTheMeasuringSide(@TempDir Path dir) throws InterruptedException, IOException {
        try (Rendezvous r = Rendezvous.forEngine(Engine.COLD_PROCESSES, dir)) {
            exercise(r);
        }
    }

    @Test
    void localGate_afterClose_neverBlocksALateTask() throws IOException {
        Gate gate;
        try (Rendezvous r = Rendezvous.forEngine(Engine.PLATFORM_THREADS, Path.of("unused"))) {
            gate = r.gate();
        }
        assertTrue(gate.awaitOpen(System.currentTimeMillis() + 60_000));
    }

    @Test
    void awaitOpen_deadlinePassed_returnsFalse(@TempDir Path dir) throws IOException {
        try (Rendezvous r = Rendezvous.forEngine(Engine.WARM_PROCESSES, dir)) {
            assertFalse(r.gate().awaitOpen(System.currentTimeMillis() + 30));
        }
    }

    private static void exercise(Rendezvous r) throws InterruptedException {
        Gate gate = r.gate();
        assertEquals(0, r.arrivals());
        Thread a = Thread.ofVirtual().start(() -> Tasks.idle(gate, System.currentTimeMillis() + 60_000));
        Thread b = Thread.ofPlatform().start(() -> Tasks.idle(gate, System.currentTimeMillis() + 60_000));
        assertTrue(r.awaitArrivals(2, Duration.ofSeconds(5)));
        assertFalse(gate.isOpen());
        r.open();
        a.join();
        b.join();
        assertTrue(gate.isOpen());
        assertEquals(2, r.arrivals());
    }
}
