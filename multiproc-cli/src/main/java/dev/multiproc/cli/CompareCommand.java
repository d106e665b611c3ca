package dev.multiproc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code multiproc compare}: measures, live on this machine, the rows of the classic "threads vs processes" table
 * that workers can measure, for platform threads, virtual threads, cold and warm processes. Parses the command
 * line into {@link CompareOptions} (what to measure) and its own output flags (how to show it); failures propagate
 * to {@link Main}, which maps them to exit codes.
 */
@Command(name = "compare", sortOptions = false,
        description = {"Measure threads, virtual threads and processes side by side, live on this machine:",
            "start time, memory per idle worker, interruptibility, how many can run, CPU-bound speed-up."},
        footer = {"", "Progress goes to stderr, the table (or JSON) to stdout; --html writes a page as well."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repetitions and smaller sizes: under 30 s on 2 idle cores.")
    private boolean quick;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report to FILE as a self-contained HTML page with charts.")
    private Path html;

    @Option(names = "--no-progress", description = "Do not report progress on stderr.")
    private boolean noProgress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** What this command line asks to measure. */
    CompareOptions options() {
        return quick ? CompareOptions.quick() : CompareOptions.full();
    }

    /** Whether to print JSON instead of a table. */
    boolean json() {
        return json;
    }

    /** Whether to report on stderr which row is being measured. */
    boolean progress() {
        return !noProgress;
    }

    /** Where to write the report as an HTML page too ({@link HtmlRenderer}), if anywhere. */
    Optional<Path> html() {
        return Optional.ofNullable(html);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<Path> page = html();
        // checked before measuring: a full run takes minutes, and a typo in the path should not cost them
        page.ifPresent(this::requireWritable);
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), progress());
        Report report = Comparison.standard().run(options(), progress);
        out.print(json ? new JsonRenderer().render(report) : new TableRenderer().render(report));
        out.flush();
        if (page.isPresent()) { // after stdout: if the page cannot be written, the figures are not lost
            writePage(page.get(), new HtmlRenderer().render(report));
            progress.wrote(page.get());
        }
        return 0;
    }

    /**
     * Fails as a usage error (exit code 2) if the page could clearly not be written: the directory is missing or
     * read-only, or the path is a directory or a read-only file.
     */
    private void requireWritable(Path file) {
        String problem = unwritable(file);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--html: cannot write " + file + ": " + problem);
        }
    }

    /** Why {@code file} cannot be written, or {@code null} if nothing says so before trying. */
    static String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (Files.exists(file)) {
            return Files.isWritable(file) ? null : "the file is read-only";
        }
        if (!Files.isDirectory(dir)) {
            return "no such directory: " + dir;
        }
        return Files.isWritable(dir) ? null : "the directory is read-only: " + dir;
    }

    /**
     * Writes the page, in UTF-8 as its {@code meta} element says.
     *
     * @throws IOException naming the file, if it cannot be written (exit code 74)
     */
    static void writePage(Path file, String page) throws IOException {
        try {
            Files.writeString(file, page);
        } catch (IOException e) {
            throw new IOException("cannot write the HTML report to " + file, e); // Main prints the cause
        }
    }
}
