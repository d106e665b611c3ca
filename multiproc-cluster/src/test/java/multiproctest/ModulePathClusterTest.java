package multiproctest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core and the cluster engine as named modules on the module path (with Hazelcast, an automatic module), and a
 * user application on the class path started with {@code -p}: its agents and their workers run on the module path
 * too.
 */
@Timeout(180)
class ModulePathClusterTest {

    @Test
    void namedModules_clusterOfTwoAgents_poolTaskAndLockWork() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String modulePath = classPath.stream()
                .filter(e -> e.endsWith(Path.of("multiproc-cluster", "target", "classes").toString())
                        || e.matches(".*multiproc-cluster[^/]*\\.jar")
                        || e.matches(".*multiproc-core[^/]*\\.jar") && !e.endsWith("-tests.jar")
                        || e.endsWith(Path.of("multiproc-core", "target", "classes").toString())
                        || e.matches(".*hazelcast-[0-9.]+\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        String testClasses = classPath.stream().filter(e -> e.endsWith(Path.of("multiproc-cluster", "target",
                "test-classes").toString())).findFirst().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-p", modulePath, "--add-modules", "dev.multiproc,dev.multiproc.cluster",
                "--enable-native-access=dev.multiproc", "-XX:+UseSerialGC",
                "-cp", testClasses, ModularClusterApp.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("modules: dev.multiproc dev.multiproc.cluster"), out);
        assertTrue(out.contains("pool map=[1, 4, 9]"), out);
        assertTrue(out.contains("worker exit=0 counter=1"), out);
    }
}
