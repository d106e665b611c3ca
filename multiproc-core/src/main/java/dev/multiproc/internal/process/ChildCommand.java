package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.ProcessOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@code java} command of a child JVM: this JVM's {@code java}, start-up flags, the user's
 * options, an argument file holding the class path (and module path), and {@link ChildMain}.
 *
 * <p>Start-up flags (measured, see {@code docs/decisions.md}): {@code -XX:+UseSerialGC} unless the user
 * names a collector, {@code -XX:-UsePerfData}, an {@link AotCache} when the class path is made of jars.
 * {@code -XX:TieredStopAtLevel=1} is <i>not</i> used because it slows CPU-bound tasks. JVM warnings go to
 * stderr ({@code -Xlog}), never to stdout, which belongs to the user.
 */
final class ChildCommand {
    static final String TOKEN_ENV = "MULTIPROC_LINK_TOKEN";
    static final String TRAIN = "--train";
    static final String SPARE = "--spare";
    private static final String MAIN = ChildMain.class.getName();

    /** java, flags and the argument file: everything before the main class. */
    private final List<String> prefix;
    private final List<String> main;
    private final Path socket;
    private final Optional<AotCache> aot;

    /**
     * @param argFile the class path (and module path) for children, from {@link Jvm#writePathsFile}
     */
    ChildCommand(ProcessOptions options, Path argFile, Path socket) {
        List<String> flags = flags(options);
        List<String> p = new ArrayList<>();
        p.add(Jvm.javaExecutable());
        p.addAll(flags);
        List<String> javaAndFlags = List.copyOf(p);
        p.add("@" + argFile);
        this.prefix = List.copyOf(p);
        this.main = modular() ? List.of("-m", "dev.multiproc/" + MAIN) : List.of(MAIN);
        this.socket = socket;
        this.aot = AotCache.forChildren(flags);
        aot.ifPresent(a -> {
            a.touch();
            a.trainInBackground(javaAndFlags, concat(main, List.of(TRAIN)));
        });
    }

    /**
     * The command for one child; uses the AOT cache once it has been built.
     *
     * @param spare whether the child will wait as a warm spare, with time to warm its task path
     */
    List<String> command(boolean spare) {
        List<String> cmd = new ArrayList<>(prefix);
        aot.flatMap(AotCache::option).ifPresent(o -> cmd.add(1, o));
        cmd.addAll(main);
        cmd.add(socket.toString());
        if (spare) {
            cmd.add(SPARE);
        }
        return cmd;
    }

    private static List<String> flags(ProcessOptions options) {
        List<String> flags = new ArrayList<>();
        boolean userGc = options.jvmArgs().stream().anyMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"));
        if (!userGc) {
            flags.add("-XX:+UseSerialGC"); // small heaps start faster and use less memory with it
        }
        flags.add("-XX:-UsePerfData"); // no hsperfdata file in /tmp per child, and a faster start
        flags.add("-Xlog:disable");
        flags.add("-Xlog:all=warning:stderr"); // JVM warnings on stderr: stdout belongs to the user
        flags.add("--enable-native-access=" + (modular() ? "dev.multiproc" : "ALL-UNNAMED"));
        options.maxHeapOption().ifPresent(h -> flags.add("-Xmx" + h));
        flags.addAll(options.jvmArgs());
        return flags;
    }

    /** Whether this library runs as a named module, so children must too. */
    static boolean modular() {
        return Jvm.libraryIsNamedModule();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

}
