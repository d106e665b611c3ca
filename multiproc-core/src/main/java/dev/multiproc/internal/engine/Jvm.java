package dev.multiproc.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** This JVM, as the JVMs an engine launches (children, local agents) copy it. */
public final class Jvm {
    private Jvm() {
    }

    /** The {@code java} launcher this JVM runs from. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Whether the library runs as a named module, so that the JVMs it launches must too. */
    public static boolean libraryIsNamedModule() {
        return Jvm.class.getModule().isNamed();
    }

    /**
     * Writes this JVM's class path (and module path) into an argument file, so that a long path never meets the
     * command-line limit: {@code java @file}. The same for every JVM launched from here, so written once.
     *
     * @param dir where to write {@code child.args}
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path writePathsFile(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        String modulePath = System.getProperty("jdk.module.path");
        if (libraryIsNamedModule() && modulePath != null) {
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
        return Files.write(dir.resolve("child.args"), lines);
    }

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
