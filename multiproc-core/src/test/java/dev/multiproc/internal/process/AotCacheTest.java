package dev.multiproc.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AOT cache covers the library jar and is versioned by everything that could make it stale (JDK-8377932). */
class AotCacheTest {

    @Test
    void version_jarChanges_newCacheFile(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1, 2, 3});
        Path cache = AotCache.forChildren(List.of("-XX:+UseSerialGC"), List.of(jar), dir).file();
        assertEquals(cache, AotCache.forChildren(List.of("-XX:+UseSerialGC"), List.of(jar), dir).file());

        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertNotEquals(cache, AotCache.forChildren(List.of("-XX:+UseSerialGC"), List.of(jar), dir).file());
    }

    @Test
    void version_flagsDiffer_differentCacheFile(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        assertNotEquals(AotCache.forChildren(List.of("-Xmx64m"), List.of(jar), dir).file(),
                AotCache.forChildren(List.of("-Xmx32m"), List.of(jar), dir).file());
    }

    @Test
    void version_systemPropertyValuesDiffer_sameCacheFile_namesDiffer_anotherFile(@TempDir Path dir) throws Exception {
        // an agent names its cluster in a property: its children share one cache whatever the cluster's name
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path cache = AotCache.forChildren(List.of("-Dmultiproc.agent.cluster=a"), List.of(jar), dir).file();
        assertEquals(cache, AotCache.forChildren(List.of("-Dmultiproc.agent.cluster=b"), List.of(jar), dir).file());
        assertNotEquals(cache, AotCache.forChildren(List.of("-Dother=a"), List.of(jar), dir).file());
        assertNotEquals(cache, AotCache.forChildren(List.of(), List.of(jar), dir).file());
    }

    @Test
    void version_anEngineJarAdded_newCacheFile(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path engine = Files.write(dir.resolve("engine.jar"), new byte[] {2});
        assertNotEquals(AotCache.forChildren(List.of(), List.of(jar), dir).file(),
                AotCache.forChildren(List.of(), List.of(jar, engine), dir).file());
    }

    @Test
    void libraryFromADirectory_noCache() {
        // the tests run the library from target/classes: no jar to cover, so no cache
        assertTrue(AotCache.forChildren(List.of()).isEmpty());
    }

    @Test
    void option_absentUntilBuilt(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        AotCache cache = AotCache.forChildren(List.of(), List.of(jar), dir);
        assertTrue(cache.option().isEmpty());
        Files.write(cache.file(), new byte[] {0});
        assertEquals("-XX:AOTCache=" + cache.file(), cache.option().orElseThrow());
    }

    @Test
    void training_keepsOnlyTheMostRecentlyUsedCaches(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            Path old = Files.write(dir.resolve("child-old" + i + ".aot"), new byte[] {0});
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(100 - i)));
        }
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        AotCache cache = AotCache.forChildren(List.of(), List.of(jar), dir);
        cache.trainInBackground(List.of("/bin/false"), List.of()); // the training fails; the sweep still runs
        try (var s = Files.list(dir)) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("child-old")).sorted()
                    .toList();
            assertEquals(List.of("child-old3.aot", "child-old4.aot", "child-old5.aot"), left);
        }
    }

    @Test
    @Timeout(30)
    void training_recordsNoMethodProfiles(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[] {1});
        Path args = dir.resolve("args.txt");
        AotCache cache = AotCache.forChildren(List.of(), List.of(jar), dir);
        // a "java" that writes down its arguments: the training's command as the JVM would get it
        cache.trainInBackground(List.of("/bin/sh", "-c", "printf '%s\\n' \"$@\" > " + args, "java"), List.of("Main"));
        List<String> written = List.of();
        while (!written.contains("Main")) { // the last argument: the file is complete
            Thread.sleep(10);
            written = Files.exists(args) ? Files.readAllLines(args) : List.of();
        }
        assertTrue(written.containsAll(AotCache.WITHOUT_PROFILES), written.toString());
        assertTrue(written.contains("-XX:-AOTRecordTraining"), written.toString());
        assertTrue(written.indexOf("-XX:-AOTRecordTraining") < written.indexOf("Main"), written.toString());
    }
}
