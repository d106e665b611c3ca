package dev.multiproc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How child JVMs of {@link Context#processes(ProcessOptions)} are launched. Immutable: every
 * {@code with…} method returns a new value.
 *
 * @param jvmArgs extra options for the child's {@code java} command, placed after ours so they win
 * @param maxHeap the child's heap cap, as in {@code -Xmx} (e.g. {@code "64m"}), or {@code null} for the JVM's default
 * @param environment variables added to (or overriding) the parent's environment in the child
 * @param warmSpares how many child JVMs to keep booted ahead, so that {@link Worker#start()} costs a
 *        hand-off instead of a JVM start; each spare serves exactly one worker
 */
public record ProcessOptions(List<String> jvmArgs, String maxHeap, Map<String, String> environment,
                             int warmSpares) {

    /**
     * Copies and checks the parts.
     *
     * @throws IllegalArgumentException if {@code warmSpares} is negative or {@code maxHeap} is blank
     */
    public ProcessOptions {
        jvmArgs = List.copyOf(jvmArgs);
        environment = Map.copyOf(environment);
        if (warmSpares < 0) {
            throw new IllegalArgumentException("warmSpares must be >= 0: warmSpares=" + warmSpares);
        }
        if (maxHeap != null && maxHeap.isBlank()) {
            throw new IllegalArgumentException("maxHeap must not be blank");
        }
    }

    /**
     * No extra JVM options, the JVM's default heap, the parent's environment, no warm spares.
     *
     * @return the defaults
     */
    public static ProcessOptions defaults() {
        return new ProcessOptions(List.of(), null, Map.of(), 0);
    }

    /**
     * Returns these options with other extra JVM options.
     *
     * @param jvmArgs e.g. {@code List.of("-Dkey=value")}
     * @return the new options
     */
    public ProcessOptions withJvmArgs(List<String> jvmArgs) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares);
    }

    /**
     * Returns these options with a heap cap.
     *
     * @param maxHeap as in {@code -Xmx}, e.g. {@code "64m"}
     * @return the new options
     */
    public ProcessOptions withMaxHeap(String maxHeap) {
        return new ProcessOptions(jvmArgs, Objects.requireNonNull(maxHeap, "maxHeap"), environment, warmSpares);
    }

    /**
     * Returns these options with other environment variables for the child.
     *
     * @param environment added to the parent's environment
     * @return the new options
     */
    public ProcessOptions withEnvironment(Map<String, String> environment) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares);
    }

    /**
     * Returns these options with {@code warmSpares} JVMs booted ahead.
     *
     * @param warmSpares how many spares to keep ready
     * @return the new options
     */
    public ProcessOptions withWarmSpares(int warmSpares) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares);
    }

    /**
     * The heap cap, if one was set.
     *
     * @return the {@code -Xmx} value
     */
    public Optional<String> maxHeapOption() {
        return Optional.ofNullable(maxHeap);
    }
}
