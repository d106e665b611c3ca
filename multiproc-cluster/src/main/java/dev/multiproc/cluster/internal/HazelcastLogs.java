package dev.multiproc.cluster.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How loud Hazelcast is in this JVM: its banner and every membership change are logged at INFO, which is noise
 * for a library's users; warnings concern somebody once this JVM works for a task.
 */
public final class HazelcastLogs {
    /** Held here: a logger nobody references may be collected, and its level with it. */
    private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");

    private HazelcastLogs() {
    }

    /** Warnings and errors only: a driver, an agent, or a worker whose task runs. */
    public static void warnings() {
        HAZELCAST.setLevel(Level.WARNING);
    }

    /** Errors only: a warm spare waiting for its task, whose client's notices of members coming and going are noise. */
    public static void errorsOnly() {
        HAZELCAST.setLevel(Level.SEVERE);
    }
}
