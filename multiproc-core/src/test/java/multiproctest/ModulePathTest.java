package multiproctest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library works as a named module too: the parent on the module path, and so its children. */
@Timeout(90)
class ModulePathTest {

    @Test
    void namedModule_childLaunchesAndReports() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String modulePath = classPath.stream()
                .filter(e -> e.endsWith(Path.of("multiproc-core", "target", "classes").toString()))
                .collect(Collectors.joining(File.pathSeparator));
        String testClasses = classPath.stream().filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "dev.multiproc",
                "--enable-native-access=dev.multiproc",
                "-cp", testClasses, ModularApp.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("library module: dev.multiproc"), out);
        assertTrue(out.contains("ok exit=0"), out);
        assertTrue(out.contains("failing exit=1 failure=java.lang.IllegalStateException"), out);
    }
}
