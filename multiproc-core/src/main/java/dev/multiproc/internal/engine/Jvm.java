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
        return libraryIsNamedModule() ? Optional.empty() : jarOf(Jvm.class);
    }

    /**
     * The jar file {@code type} was loaded from, if it was loaded from a jar (not a directory, not the JDK).
     *
     * @param type a class
     * @return its jar
     */
    public static Optional<Path> jarOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            Path p = source == null ? null : Path.of(source.getLocation().toURI());
            return p != null && p.toString().endsWith(".jar") && Files.isRegularFile(p) ? Optional.of(p)
                    : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The jars that come first on a launched JVM's class path, which a child's AOT cache covers: the library's
     * jar, then the engines' jars their code in children loads ({@link ChildHook#childJars()}); empty when the
     * library was not loaded from a jar (a directory cannot go into an AOT cache).
     */
    public static List<Path> leadingJars() {
        return LeadingJars.JARS;
    }

    private static final class LeadingJars { // found once, on first use: the hooks' jars do not change
        static final List<Path> JARS = find();

        private static List<Path> find() {
            return libraryJar().map(library -> java.util.stream.Stream.concat(java.util.stream.Stream.of(library),
                    ChildHook.allChildJars().stream()).distinct().toList()).orElse(List.of());
        }
    }

    /**
     * Writes this JVM's class path (and module path) into an argument file, so that a long path never meets the
     * command-line limit: {@code java @file}. The same for every JVM launched from here, so written once. The
     * {@linkplain #leadingJars() leading jars} come first: a child's AOT cache covers them, and the JVM accepts a
     * cache whose class path is a prefix of the child's. They are the jars this JVM loaded the library and the
     * engines from, so a child finds the same classes first.
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
        List<String> entries = new ArrayList<>(leadingJars().stream().map(Path::toString).toList());
        if (!classPath.isEmpty()) {
            entries.add(classPath);
        }
        classPath = String.join(File.pathSeparator, entries);
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
