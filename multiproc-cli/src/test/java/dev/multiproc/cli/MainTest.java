package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void compareHelp_printsOptions_exitsZero() {
        assertEquals(0, run("compare", "--help"));
        assertTrue(out.toString().contains("--quick"), out.toString());
        assertTrue(out.toString().contains("--json"), out.toString());
        assertTrue(out.toString().contains("--html=FILE"), out.toString());
    }

    @Test
    void unknownOption_usageError_exitsTwo() {
        assertEquals(2, run("compare", "--bogus"));
        assertTrue(err.toString().contains("--bogus"), err.toString());
    }

    @Test
    void noCommand_saysWhatToRun_exitsTwo() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("compare"), err.toString());
    }

    @Test
    void compareCommand_flags_selectPresetAndOutput() {
        CompareCommand quickJson = parse("--quick", "--json", "--no-progress");
        assertEquals("quick", quickJson.options().mode());
        assertTrue(quickJson.json());
        assertFalse(quickJson.progress());
        CompareCommand plain = parse();
        assertEquals(CompareOptions.full(), plain.options());
    }

    @Test
    void compareCommand_html_asksForThePage() {
        assertEquals(Optional.of(Path.of("out/report.html")), parse("--html", "out/report.html").html());
        assertEquals(Optional.empty(), parse("--json").html());
    }

    @Test
    void compare_htmlInMissingDirectory_usageErrorBeforeMeasuring() {
        // fails in milliseconds: were the path checked only at the end, this would measure for half a minute first
        assertEquals(2, run("compare", "--quick", "--no-progress", "--html", "/no-such-dir-multiproc/r.html"));
        assertTrue(err.toString().contains("--html: cannot write /no-such-dir-multiproc/r.html: no such directory"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unwritable_paths_sayWhy(@TempDir Path dir) throws IOException {
        assertNull(CompareCommand.unwritable(dir.resolve("new.html")));
        assertEquals("it is a directory", CompareCommand.unwritable(dir));
        Path file = Files.createFile(dir.resolve("file"));
        assertNull(CompareCommand.unwritable(file), "an existing writable file is overwritten");
        assertTrue(CompareCommand.unwritable(file.resolve("x.html")).startsWith("no such directory"));
    }

    @Test
    void writePage_cannotWrite_ioExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        Path inAFile = Files.createFile(dir.resolve("file")).resolve("r.html");
        IOException e = assertThrows(IOException.class, () -> CompareCommand.writePage(inAFile, "<p>x</p>"));
        assertEquals("cannot write the HTML report to " + inAFile, e.getMessage());
        Path ok = dir.resolve("r.html");
        CompareCommand.writePage(ok, "<p>\u00b5</p>");
        assertEquals("<p>\u00b5</p>", Files.readString(ok), "UTF-8, as the page's meta element says");
    }

    @Test
    void presets_quickDoesLessThanFull() {
        CompareOptions quick = CompareOptions.quick();
        CompareOptions full = CompareOptions.full();
        assertTrue(quick.threadStarts() < full.threadStarts());
        assertTrue(quick.processStarts() < full.processStarts());
        assertTrue(quick.processCap() < full.processCap());
        assertTrue(quick.primeLimit() < full.primeLimit());
        assertTrue(quick.ioRequests() < full.ioRequests());
        assertTrue(quick.interruptWait().compareTo(full.interruptWait()) < 0);
    }

    private static CompareCommand parse(String... args) {
        CompareCommand command = new CompareCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
