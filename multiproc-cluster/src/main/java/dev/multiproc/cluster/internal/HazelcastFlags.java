package dev.multiproc.cluster.internal;

import java.util.List;

/**
 * The JVM flags Hazelcast 5.7 asks for on JDK 25 (measured in the spike, ../shared/research): without them it
 * warns at start and some metrics are off. Agents get them from the launcher; the driver needs none.
 */
public final class HazelcastFlags {
    public static final List<String> ALL = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private HazelcastFlags() {
    }
}
