package dev.multiproc.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options of this JVM's {@code java} command line that children start with by default (see
 * {@link dev.multiproc.ProcessOptions#inheritJvmArgs()}): {@code -D} properties, module flags and assertion
 * flags, so that a task behaves the same in a thread and in a process. Read from the launcher's arguments as the
 * user gave them ({@code /proc/self/cmdline}), {@code @argfiles} expanded; options the launcher took from
 * {@code JDK_JAVA_OPTIONS} are not among them, and need not be: children inherit the environment.
 */
final class InheritedArgs {
    /** Options whose value is the next argument (or follows {@code =}); the java launcher's list. */
    private static final Set<String> TAKE_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads",
            "--patch-module", "--limit-modules", "--enable-native-access", "--source", "-d", "--describe-module");
    private static final Set<String> INHERITED_WITH_VALUE = Set.of("--add-modules", "--add-opens", "--add-exports",
            "--add-reads", "--enable-native-access");
    private static final Set<String> END_OF_OPTIONS = Set.of("-jar", "-m", "--module");
    /** Port- or file-bound (JMX), or the JVM's own business in each process. */
    private static final List<String> NOT_INHERITED_PROPERTIES = List.of("-Dcom.sun.management.",
            "-Djava.class.path=", "-Djdk.module.");

    private InheritedArgs() {
    }

    /** This JVM's inheritable options, or none when it was not started by a {@code java} launcher. */
    static List<String> ofThisJvm() {
        return Holder.ARGS;
    }

    private static final class Holder {
        static final List<String> ARGS = read();

        private static List<String> read() {
            ProcessHandle.Info info = ProcessHandle.current().info();
            String exe = info.command().orElse("");
            if (!exe.endsWith("/bin/java")) {
                return List.of(); // an embedding launcher (jpackage, a JNI host): its arguments are the app's
            }
            return select(expandArgFiles(List.of(info.arguments().orElse(new String[0]))));
        }
    }

    /**
     * The inheritable options among a {@code java} command's arguments (without the executable), in order;
     * reading stops at the main class, {@code -jar}, {@code -m} or a source file.
     */
    static List<String> select(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || END_OF_OPTIONS.contains(a) || a.startsWith("--module=")) {
                break;
            }
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (TAKE_VALUE.contains(a) && i + 1 < args.size()) {
                if (INHERITED_WITH_VALUE.contains(a)) {
                    kept.add(a + "=" + args.get(i + 1));
                }
                i++;
            } else if (INHERITED_WITH_VALUE.contains(name) || inheritedFlag(a)) {
                kept.add(a);
            }
        }
        return List.copyOf(kept);
    }

    private static boolean inheritedFlag(String a) {
        if (a.startsWith("-D")) {
            return NOT_INHERITED_PROPERTIES.stream().noneMatch(a::startsWith);
        }
        return a.equals("--enable-preview") || a.equals("-esa") || a.equals("-dsa")
                || a.equals("-enablesystemassertions") || a.equals("-disablesystemassertions")
                || assertion(a, "-ea", "-enableassertions") || assertion(a, "-da", "-disableassertions");
    }

    /** {@code -ea}, {@code -ea:pkg...}, {@code -ea:Class}, and the long form. */
    private static boolean assertion(String a, String shortForm, String longForm) {
        return a.equals(shortForm) || a.startsWith(shortForm + ":") || a.equals(longForm) || a.startsWith(longForm + ":");
    }

    /**
     * Replaces each {@code @file} argument by the arguments in the file, as the launcher does: separated by white
     * space, quoted with {@code "} or {@code '} (a backslash escapes the next character inside quotes), {@code #}
     * starting a comment at the beginning of a token; {@code @@x} is the literal {@code @x}. A file that cannot
     * be read is left out: its options are then not inherited, which is the safe side.
     */
    static List<String> expandArgFiles(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("@@")) {
                out.add(a.substring(1));
            } else if (a.startsWith("@") && a.length() > 1) {
                try {
                    out.addAll(tokens(Files.readString(Path.of(a.substring(1)))));
                } catch (IOException | RuntimeException e) {
                    // unreadable: see the javadoc
                }
            } else {
                out.add(a);
            }
        }
        return out;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length()) {
                    token.append(text.charAt(++i));
                } else {
                    token.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
            } else if (c == '#' && !inToken) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else {
                inToken = true;
                if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    token.append(c);
                }
            }
        }
        if (inToken) {
            tokens.add(token.toString());
        }
        return tokens;
    }
}
