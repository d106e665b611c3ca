package dev.multiproc.cluster.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags Hazelcast 5.7 asks for on JDK 25 (its own start-up check names them): without them it warns at
 * start, saying it uses that access "to get the best performance results". They live in one Java argument
 * file, {@code dev/multiproc/cluster/hazelcast-jvm.args}, which the launcher ({@code ./multiproc agent}) and
 * the tests' JVM read with {@code @file}, and this class reads for the JVMs the engine launches (local agents,
 * worker JVMs on agents).
 */
public final class HazelcastFlags {
    public static final List<String> ALL = read();

    private HazelcastFlags() {
    }

    private static List<String> read() {
        try (InputStream in = HazelcastFlags.class.getResourceAsStream("/dev/multiproc/cluster/hazelcast-jvm.args")) {
            if (in == null) {
                throw new IllegalStateException("hazelcast-jvm.args is missing from the multiproc-cluster jar");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
