package dev.multiproc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How child JVMs of {@link Context#processes(ProcessOptions)} are launched. Immutable: every
 * {@code with…} method returns a new value.
 *
 * <p>A child's {@code java} command is: the executable ({@link #withJavaExecutable}, else this JVM's), the
 * library's start-up flags, the options inherited from this JVM's command line ({@link #withInheritedJvmArgs}),
 * {@code -Xmx} from {@link #withMaxHeap}, then {@link #jvmArgs()}, which therefore win.
 *
 * @param jvmArgs extra options for the child's {@code java} command, placed last so they win; they may contain
 *        {@code {worker}}, replaced by the name of the worker that runs in that JVM, and {@code {n}}, a decimal
 *        number distinct across every JVM the context starts (pool workers and spares included). A JVM's
 *        options are fixed when it starts, so with {@code {worker}} no spare is booted ahead.
 * @param maxHeap the child's heap cap, as in {@code -Xmx} (e.g. {@code "64m"}), or {@code null} for the JVM's default
 * @param environment variables added to (or overriding) the parent's environment in the child
 * @param warmSpares how many child JVMs to keep booted ahead, so that {@link Worker#start()} costs a
 *        hand-off instead of a JVM start; each spare serves exactly one worker
 * @param inheritJvmArgs whether children get this JVM's system properties ({@code -D}), module flags
 *        ({@code --add-opens}, {@code --add-exports}, {@code --add-modules}, {@code --add-reads},
 *        {@code --enable-native-access}, {@code --enable-preview}) and assertion flags ({@code -ea}, {@code -esa},
 *        {@code -da}, {@code -dsa}) from its command line. Never inherited: heap and stack sizes, agents, JDWP,
 *        JFR, JMX ({@code -Dcom.sun.management.*}) and the AOT cache options, which would collide or overcommit;
 *        add them with {@code jvmArgs}. {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS} reach children
 *        through the environment in any case.
 * @param javaExecutable the {@code java} launcher for children, or {@code null} for this JVM's own
 * @param output where children's stdout and stderr go
 */
public record ProcessOptions(List<String> jvmArgs, String maxHeap, Map<String, String> environment,
                             int warmSpares, boolean inheritJvmArgs, Path javaExecutable, Output output) {

    /**
     * Copies and checks the parts.
     *
     * @throws IllegalArgumentException if {@code warmSpares} is negative or {@code maxHeap} is blank
     */
    public ProcessOptions {
        jvmArgs = List.copyOf(jvmArgs);
        Objects.requireNonNull(output, "output");
        environment = Map.copyOf(environment);
        if (warmSpares < 0) {
            throw new IllegalArgumentException("warmSpares must be >= 0: warmSpares=" + warmSpares);
        }
        if (maxHeap != null && maxHeap.isBlank()) {
            throw new IllegalArgumentException("maxHeap must not be blank");
        }
    }

    /**
     * The options as they were before inheritance, the choice of {@code java} and of output: inherited JVM
     * options, this JVM's {@code java}, {@link Output#inherit()}.
     *
     * @param jvmArgs extra options for the child's {@code java} command
     * @param maxHeap the child's heap cap, or {@code null}
     * @param environment variables added to the parent's environment in the child
     * @param warmSpares how many child JVMs to keep booted ahead
     */
    public ProcessOptions(List<String> jvmArgs, String maxHeap, Map<String, String> environment, int warmSpares) {
        this(jvmArgs, maxHeap, environment, warmSpares, true, null, Output.inherit());
    }

    /**
     * No extra JVM options, the JVM's default heap, the parent's environment, no warm spares, this JVM's
     * inheritable options and its {@code java}, output inherited.
     *
     * @return the defaults
     */
    public static ProcessOptions defaults() {
        return new ProcessOptions(List.of(), null, Map.of(), 0, true, null, Output.inherit());
    }

    /**
     * Returns these options with other extra JVM options.
     *
     * @param jvmArgs e.g. {@code List.of("-Dkey=value")}; {@code {worker}} and {@code {n}} are replaced per JVM
     * @return the new options
     */
    public ProcessOptions withJvmArgs(List<String> jvmArgs) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inheritJvmArgs, javaExecutable, output);
    }

    /**
     * Returns these options with a heap cap.
     *
     * @param maxHeap as in {@code -Xmx}, e.g. {@code "64m"}
     * @return the new options
     */
    public ProcessOptions withMaxHeap(String maxHeap) {
        return new ProcessOptions(jvmArgs, Objects.requireNonNull(maxHeap, "maxHeap"), environment, warmSpares,
                inheritJvmArgs, javaExecutable, output);
    }

    /**
     * Returns these options with other environment variables for the child.
     *
     * @param environment added to the parent's environment
     * @return the new options
     */
    public ProcessOptions withEnvironment(Map<String, String> environment) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inheritJvmArgs, javaExecutable, output);
    }

    /**
     * Returns these options with {@code warmSpares} JVMs booted ahead.
     *
     * @param warmSpares how many spares to keep ready
     * @return the new options
     */
    public ProcessOptions withWarmSpares(int warmSpares) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inheritJvmArgs, javaExecutable, output);
    }

    /**
     * Returns these options with children that do, or do not, start with this JVM's inheritable options (see
     * {@link #inheritJvmArgs()}).
     *
     * @param inherit {@code true} (the default) to pass them on
     * @return the new options
     */
    public ProcessOptions withInheritedJvmArgs(boolean inherit) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inherit, javaExecutable, output);
    }

    /**
     * Returns these options with another {@code java} launcher for children. The library's start-up flags need
     * a JDK 25 or later; children of another JDK than this one start without the AOT cache.
     *
     * @param java the launcher, e.g. {@code Path.of("/opt/jdk-25/bin/java")}
     * @return the new options
     * @throws IllegalArgumentException if {@code java} is not an executable file
     */
    public ProcessOptions withJavaExecutable(Path java) {
        Objects.requireNonNull(java, "java");
        if (!java.toFile().isFile() || !java.toFile().canExecute()) {
            throw new IllegalArgumentException("not an executable file: " + java);
        }
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inheritJvmArgs, java, output);
    }

    /**
     * Returns these options with children's output going elsewhere.
     *
     * @param output e.g. {@link Output#prefixed()}
     * @return the new options
     */
    public ProcessOptions withOutput(Output output) {
        return new ProcessOptions(jvmArgs, maxHeap, environment, warmSpares, inheritJvmArgs, javaExecutable,
                Objects.requireNonNull(output, "output"));
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
