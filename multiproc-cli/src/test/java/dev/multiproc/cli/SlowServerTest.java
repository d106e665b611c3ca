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
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        out.write(1);
                        out.flush();
                        in.read();
                    }
                } catch (IOException e) {
                    // the test fails on the count below
                }
            });
            server.awaitServed(3, Duration.ofSeconds(10));
            assertEquals(3, server.served());
            client.join();
        }
    }

    @Test
    void awaitServed_timeout_throwsNamingTheCounts() throws IOException {
        try (SlowServer server = new SlowServer(Duration.ofMillis(1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> server.awaitServed(5, Duration.ofMillis(50)));
            assertTrue(e.getMessage().contains("answered 0 requests") && e.getMessage().contains("the 5 awaited"),
                    e.getMessage());
        }
    }
}
