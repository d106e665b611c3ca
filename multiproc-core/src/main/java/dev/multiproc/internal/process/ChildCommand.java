package dev.multiproc.internal.process;

import dev.multiproc.ProcessOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code java} command of a child JVM: this JVM's {@code java}, start-up flags, the user's
 * options, an argument file holding the class path (and module path), and {@link ChildMain}.
 *
 * <p>Start-up flags (measured, see {@code docs/decisions.md}): {@code -XX:+UseSerialGC} unless the user
 * names a collector, {@code -XX:-UsePerfData}, {@code -XX:TieredStopAtLevel=1} is <i>not</i> used
 * because it slows CPU-bound tasks; JVM warnings go to stderr ({@code -Xlog}), never to stdout.
 */
final class ChildCommand {
    static final String TOKEN_ENV = "MULTIPROC_LINK_TOKEN";
    private static final String MAIN = ChildMain.class.getName();

    private final List<String> command;

    ChildCommand(ProcessOptions options, Path dir, Path socket) throws IOException {
        this.command = build(options, writeArgFile(dir), socket);
    }

    List<String> command() {
        return command;
    }

    private static List<String> build(ProcessOptions options, Path argFile, Path socket) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        boolean userGc = options.jvmArgs().stream().anyMatch(a -> a.startsWith("-XX:+Use") && a.endsWith("GC"));
        if (!userGc) {
            cmd.add("-XX:+UseSerialGC"); // small heaps start faster and use less memory with it
        }
        cmd.add("-XX:-UsePerfData");    // no hsperfdata file in /tmp per child, and a faster start
        cmd.add("-Xshare:auto");
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr"); // JVM warnings on stderr: stdout belongs to the user
        cmd.add("--enable-native-access=" + (modular() ? "dev.multiproc" : "ALL-UNNAMED"));
        options.maxHeapOption().ifPresent(h -> cmd.add("-Xmx" + h));
        cmd.addAll(options.jvmArgs());
        cmd.add("@" + argFile);
        if (modular()) {
            cmd.add("-m");
            cmd.add("dev.multiproc/" + MAIN);
        } else {
            cmd.add(MAIN);
        }
        cmd.add(socket.toString());
        return List.copyOf(cmd);
    }

    /** The class path (and module path) in an argument file: a long path never meets the command-line limit. */
    private static Path writeArgFile(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        String modulePath = System.getProperty("jdk.module.path");
        if (modular() && modulePath != null) {
            lines.add("--module-path");
            lines.add(quote(modulePath));
            lines.add("--add-modules");
            lines.add("ALL-MODULE-PATH");
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            lines.add("-cp");
            lines.add(quote(classPath));
        }
        Path file = dir.resolve("child.args");
        Files.write(file, lines);
        return file;
    }

    /** Whether this library runs as a named module, so children must too. */
    static boolean modular() {
        return ChildCommand.class.getModule().isNamed();
    }

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
