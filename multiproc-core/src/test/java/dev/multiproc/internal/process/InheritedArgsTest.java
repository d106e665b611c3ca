package dev.multiproc.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InheritedArgsTest {
    @Test
    void select_mixedCommandLine_keepsPropertiesModuleAndAssertionFlagsOnly() {
        List<String> args = List.of("-Xmx1g", "-Dapp=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-cp", "a.jar:b", "-ea:com.example...", "-esa",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:StartFlightRecording",
                "-Dcom.sun.management.jmxremote.port=9010", "--enable-preview", "--enable-native-access",
                "ALL-UNNAMED", "-javaagent:x.jar", "Main", "-Dafter.main=1", "-ea");
        assertEquals(List.of("-Dapp=1", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "-ea:com.example...", "-esa", "--enable-preview",
                "--enable-native-access=ALL-UNNAMED"), InheritedArgs.select(args));
    }

    @Test
    void select_jarOrModule_stopsThere() {
        assertEquals(List.of("-Da=1"), InheritedArgs.select(List.of("-Da=1", "-jar", "app.jar", "-Db=2")));
        assertEquals(List.of("-da"), InheritedArgs.select(List.of("-da", "-m", "mod/Main", "-ea")));
        assertEquals(List.of(), InheritedArgs.select(List.of("--module=mod/Main", "-ea")));
    }

    @Test
    void expandArgFiles_quotedTokensCommentsAndEscapedAt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("args"),
                "# a comment\n-Dx=\"two words\" '-Dy=a\\\\b'\n  -ea\n");
        assertEquals(List.of("-Dx=two words", "-Dy=a\\b", "-ea", "@literal"),
                InheritedArgs.expandArgFiles(List.of("@" + file, "@@literal")));
    }
}
