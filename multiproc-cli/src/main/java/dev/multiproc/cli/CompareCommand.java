package dev.multiproc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code multiproc compare}: measures, live on this machine, the rows of the classic "threads vs processes" table
 * that workers can measure, for platform threads, virtual threads, cold and warm processes. Parses the command
 * line into {@link CompareOptions}; failures propagate to {@link Main}, which maps them to exit codes.
 */
@Command(name = "compare", sortOptions = false,
        description = {"Measure threads, virtual threads and processes side by side, live on this machine:",
            "start time, memory per idle worker, interruptibility, how many can run, CPU-bound speed-up."},
        footer = {"", "Progress goes to stderr, the table (or JSON) to stdout."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repetitions and smaller sizes: well under 30 s on 2 cores.")
    private boolean quick;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Option(names = "--no-progress", description = "Do not report progress on stderr.")
    private boolean noProgress;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** The options this command line asks for. */
    CompareOptions options() {
        CompareOptions preset = quick ? CompareOptions.quick() : CompareOptions.full();
        return preset.withJson(json).withProgress(!noProgress);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CompareOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr(), options.progress());
        Report report = Comparison.standard().run(options, progress);
        out.print(options.json() ? new JsonRenderer().render(report) : new TableRenderer().render(report));
        out.flush();
        return 0;
    }
}
