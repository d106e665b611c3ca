package dev.multiproc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The {@code multiproc} command. The one place that turns failures into exit codes:
 * <ul>
 *   <li>{@code 0} success; {@code 2} bad command line (picocli's usage error);</li>
 *   <li>{@code 1} a measurement could not produce an honest figure (a worker failed, a result was wrong);</li>
 *   <li>{@code 74} an I/O error (scratch files, {@code /proc}), as {@code EX_IOERR} in {@code sysexits.h};</li>
 *   <li>{@code 130} interrupted, as a shell reports SIGINT.</li>
 * </ul>
 */
@Command(name = "multiproc", subcommands = {CompareCommand.class, CommandLine.HelpCommand.class},
        description = "Python's threading and multiprocessing for Java: command-line tools.")
public final class Main implements Runnable {
    static final int EXIT_FAILED = 1;
    static final int EXIT_IO = 74;
    static final int EXIT_INTERRUPTED = 130;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** Runs the command line and exits with its code. */
    public static void main(String... args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with the given streams; for tests and embedding.
     *
     * @return the exit code, see the class documentation
     */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(Main::onFailure);
        return cl.execute(args);
    }

    /** {@code multiproc} alone: say what to run instead of doing nothing. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: try 'multiproc compare --quick' or 'multiproc help'");
    }

    private static int onFailure(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println("multiproc " + cl.getCommandName() + ": " + describe(e));
        err.flush();
        return switch (e) {
            case InterruptedException ie -> EXIT_INTERRUPTED;
            case IOException io -> EXIT_IO;
            case UncheckedIOException io -> EXIT_IO;
            default -> EXIT_FAILED;
        };
    }

    /** The message and, for a failed worker, what it threw: enough to act on without a stack trace. */
    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            s.append("\n  caused by: ").append(c.getClass().getName()).append(": ").append(c.getMessage());
        }
        return s.toString();
    }
}
