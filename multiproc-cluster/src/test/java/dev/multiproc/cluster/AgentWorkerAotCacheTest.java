package dev.multiproc.cluster;

import com.hazelcast.core.HazelcastInstance;
import dev.multiproc.Context;
import dev.multiproc.Queue;
import dev.multiproc.Worker;
import dev.multiproc.cluster.internal.ClusterAgentsFixture;
import dev.multiproc.internal.engine.Jvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker on an agent starts from an AOT cache that covers Hazelcast's jar: once the agent's training run has
 * built it, the worker's JVM has the cache file mapped (a cache the JVM refuses is not), the cache holds the
 * classes of Hazelcast's client, and the worker's class path begins with the jars the cache covers, Hazelcast's
 * among them.
 */
@Timeout(180)
class AgentWorkerAotCacheTest {
    /** A class that a client's connection loads, as the cache's symbols name it. */
    private static final String CLIENT = "com/hazelcast/client/impl/clientside/HazelcastClientInstanceImpl";
    private static final Pattern CACHE = Pattern.compile("(/\\S*/child-[0-9a-f]+\\.aot)$", Pattern.MULTILINE);

    @Test
    void workerOnAnAgent_startsFromACacheCoveringHazelcast() throws Exception {
        Path hazelcast = Jvm.jarOf(HazelcastInstance.class).orElseThrow();
        boolean libraryJar = Jvm.libraryJar().isPresent();
        if (!"true".equals(System.getenv("CI"))) { // an IDE runs the library from a directory: no cache there
            Assumptions.assumeTrue(libraryJar, "the library runs from a directory");
        }
        assertTrue(libraryJar, "the build tests the library's jar");
        try (Context ctx = Context.cluster(new ClusterAgentsFixture().options())) {
            Queue<String> seen = ctx.queue();
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            String maps;
            String classPath;
            do { // the first workers start before the agent's training run has built the cache
                Worker w = ctx.start(() -> {
                    try {
                        seen.put(System.getProperty("java.class.path"));
                        seen.put(Files.readString(Path.of("/proc/self/maps")));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                classPath = seen.take();
                maps = seen.take();
                assertTrue(w.join(Duration.ofSeconds(60)));
            } while (!CACHE.matcher(maps).find() && System.nanoTime() < deadline && pause());
            Matcher cache = CACHE.matcher(maps);
            assertTrue(cache.find(), "no AOT cache mapped in a worker of an agent");
            // one byte per char: the cache's symbols are ASCII, and no byte is lost
            String content = new String(Files.readAllBytes(Path.of(cache.group(1))), StandardCharsets.ISO_8859_1);
            assertTrue(content.contains(CLIENT), "the cache holds Hazelcast's client, trained on a connection");
            List<String> entries = List.of(classPath.split(File.pathSeparator));
            int hz = entries.indexOf(hazelcast.toString());
            assertTrue(hz > 0, "Hazelcast's jar leads the worker's class path: " + entries);
            assertEquals(hz, entries.subList(0, hz + 1).stream().filter(e -> e.endsWith(".jar")).count() - 1,
                    "only jars before it: " + entries);
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(2_000);
        return true;
    }
}
