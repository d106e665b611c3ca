package dev.multiproc.internal.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
     * The jar the library was loaded from, when it was loaded from a jar on the class path (not from a directory,
     * and not as a named module): the part of a child's class path that an AOT cache can cover whatever the
     * application's own entries are.
     */
    public static Optional<Path> libraryJar() {
        if (libraryIsNamedModule()) {
            return Optional.empty();
        }
        try {
            var source = Jvm.class.getProtectionDomain().getCodeSource();
            Path p = source == null ? null : Path.of(source.getLocation().toURI());
            return p != null && p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p)
                    : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes this JVM's class path (and module path) into an argument file, so that a long path never meets the
     * command-line limit: {@code java @file}. The same for every JVM launched from here, so written once. The
     * library's jar comes first ({@link #libraryJar()}): a child's AOT cache covers it, and the JVM accepts a
     * cache whose class path is a prefix of the child's.
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
        Optional<Path> library = libraryJar();
        if (library.isPresent()) {
            classPath = classPath.isEmpty() ? library.get().toString()
                    : library.get() + File.pathSeparator + classPath;
        }
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
