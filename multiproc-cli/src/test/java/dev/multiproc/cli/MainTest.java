package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void compareOptions_flags_selectPresetAndOutput() {
        CompareCommand quickJson = parse("--quick", "--json", "--no-progress");
        assertEquals("quick", quickJson.options().mode());
        assertTrue(quickJson.options().json());
        assertFalse(quickJson.options().progress());
        CompareCommand plain = parse();
        assertEquals(CompareOptions.full(), plain.options());
    }

    @Test
    void presets_quickDoesLessThanFull() {
        CompareOptions quick = CompareOptions.quick();
        CompareOptions full = CompareOptions.full();
        assertTrue(quick.threadStarts() < full.threadStarts());
        assertTrue(quick.processStarts() < full.processStarts());
        assertTrue(quick.processCap() < full.processCap());
        assertTrue(quick.primeLimit() < full.primeLimit());
    }

    private static CompareCommand parse(String... args) {
        CompareCommand command = new CompareCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
