package dev.multiproc.internal.process;

import dev.multiproc.ProcessOptions;
import dev.multiproc.internal.engine.Jvm;
import dev.multiproc.internal.shm.Platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@code java} command of a child JVM: the {@code java} of this JVM (or the user's), start-up flags,
 * the options inherited from this JVM's command line ({@link InheritedArgs}), the heap cap, the user's options
 * with {@code {worker}} and {@code {n}} replaced, an argument file holding the class path (and module path),
 * and {@link ChildMain}.
 *
 * <p>Start-up flags (measured, see {@code docs/decisions.md}): {@code -XX:+UseSerialGC} unless the user
 * names a collector, {@code -XX:-UsePerfData}, an {@link AotCache} when the library is a jar and the children
 * run on this JVM's own {@code java}. {@code -XX:TieredStopAtLevel=1} is <i>not</i> used because it slows
 * CPU-bound tasks. JVM warnings go to stderr ({@code -Xlog}), never to stdout, which belongs to the user.
 */
final class ChildCommand {
    static final String TOKEN_ENV = "MULTIPROC_LINK_TOKEN";
    static final String TRAIN = "--train";
    static final String SPARE = "--spare";
    static final String WORKER = "{worker}";
    static final String NUMBER = "{n}";
    private static final String MAIN = ChildMain.class.getName();

    /** java and the flags that are the same for every child: ours, the inherited ones, the heap. */
    private final List<String> prefix;
    /** The user's JVM arguments, which may hold {@link #WORKER} and {@link #NUMBER}. */
    private final List<String> userArgs;
    private final String argFile;
    private final List<String> main;
    private final Path socket;
    private final Optional<AotCache> aot;

    /**
     * @param argFile the class path (and module path) for children, from {@link Jvm#writePathsFile}
     */
    ChildCommand(ProcessOptions options, Path argFile, Path socket) {
        String java = options.javaExecutable() == null ? Jvm.javaExecutable() : options.javaExecutable().toString();
        List<String> p = new ArrayList<>();
        p.add(java);
        p.addAll(flags(options));
        this.prefix = List.copyOf(p);
        this.userArgs = options.jvmArgs();
        this.argFile = "@" + argFile;
        this.main = modular() ? List.of("-m", "dev.multiproc/" + MAIN) : List.of(MAIN);
        this.socket = socket;
        this.aot = aotCacheUsable(java) ? AotCache.forChildren(concat(prefix, userArgs)) : Optional.empty();
        aot.ifPresent(a -> {
            a.touch();
            a.trainInBackground(concat(prefix, userArgs), concat(main, List.of(TRAIN)));
        });
    }

    /**
     * Whether children may use an AOT cache: only a cache made by this very JDK fits, and a training run with
     * per-worker arguments (a debugger's port, a recording's file) would take what a worker's JVM needs.
     */
    private boolean aotCacheUsable(String java) {
        return java.equals(Jvm.javaExecutable()) && !perWorker(NUMBER) && !perWorker(WORKER);
    }

    /** Whether the user's JVM arguments name {@code placeholder}. */
    boolean perWorker(String placeholder) {
        return userArgs.stream().anyMatch(a -> a.contains(placeholder));
    }

    /**
     * The command for one child; uses the AOT cache once it has been built.
     *
     * @param spare whether the child will wait as a warm spare, with time to warm its task path
     * @param worker the name of the worker it runs, for {@link #WORKER}; {@code null} for a spare, which is
     *        launched only when the arguments do not name the worker
     * @param number the JVM's number among the context's, for {@link #NUMBER}
     */
    List<String> command(boolean spare, String worker, long number) {
        List<String> cmd = new ArrayList<>(prefix);
        aot.flatMap(AotCache::option).ifPresent(o -> cmd.add(1, o));
        for (String a : userArgs) {
            cmd.add(a.replace(NUMBER, Long.toString(number)).replace(WORKER, worker == null ? "" : worker));
        }
        cmd.add(argFile);
        cmd.addAll(main);
        cmd.add(socket.toString());
        if (spare) {
            cmd.add(SPARE);
        }
        return cmd;
    }

    /** The library's flags, then the inherited ones, then the heap: the user's arguments come after them. */
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
        flags.addAll(Platform.childFlags()); // the same platform layer as this JVM, whatever it inherits
        if (options.inheritJvmArgs()) {
            flags.addAll(InheritedArgs.ofThisJvm());
        }
        options.maxHeapOption().ifPresent(h -> flags.add("-Xmx" + h));
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
