package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class SlowServerTest {

    @Test
    void awaitServed_returnsOnceTheAnswersAreOut() throws IOException, InterruptedException {
        try (SlowServer server = new SlowServer(Duration.ofMillis(1));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            server.awaitServed(0, Duration.ofMillis(1)); // already there
            Thread client = ask(s, 3);
            server.awaitServed(3, Duration.ofSeconds(10));
            assertEquals(3, server.served());
            client.join();
        }
    }

    @Test
    void awaitServed_countStandsStill_throwsNamingTheCounts() throws IOException {
        try (SlowServer server = new SlowServer(Duration.ofMillis(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> server.awaitServed(5, Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("answered 0 requests") && e.getMessage().contains("the 5 awaited"),
                    e.getMessage());
        }
    }

    @Test
    void awaitServed_slowButMoving_waitsLongerThanTheStall() throws IOException, InterruptedException {
        // answers every 300 ms: 4 of them take ~1.2 s, four times the 300 ms allowed without one; a total deadline
        // of that length would fail a slow machine
        try (SlowServer server = new SlowServer(Duration.ofMillis(300));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            Thread client = ask(s, 4);
            long t0 = System.nanoTime();
            server.awaitServed(4, Duration.ofMillis(900));
            assertEquals(4, server.served());
            assertTrue(System.nanoTime() - t0 > Duration.ofMillis(900).toNanos(), "waited past one stall period");
            client.join();
        }
    }

    /** A client that makes {@code requests} requests, one after another, on {@code s}. */
    private static Thread ask(Socket s, int requests) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        return Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < requests; i++) {
                    out.write(1);
                    out.flush();
                    in.read();
                }
            } catch (IOException e) {
                // the test fails on the count
            }
        });
    }
}
