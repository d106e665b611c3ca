package dev.multiproc;

import java.nio.file.Path;
import java.util.List;

/**
 * A parent JVM for {@link StartsLikeParentTest}: its own command line is the point. Starts one process worker
 * that reports what its JVM was started with, one {@code key=value} line each, which this JVM prints.
 * Arguments: {@code inherit} or {@code noinherit}, then optionally a {@code java} launcher for the children.
 */
public final class StartsLikeParentApp {
    private StartsLikeParentApp() {
    }

    public static void main(String[] args) throws Exception {
        ProcessOptions options = ProcessOptions.defaults().withInheritedJvmArgs(args[0].equals("inherit"));
        if (args.length > 1) {
            options = options.withJavaExecutable(Path.of(args[1]));
        }
        try (Context ctx = Context.processes(options)) {
            Queue<String> report = ctx.queue();
            Worker w = ctx.start(() -> report(report));
            String line;
            while (!(line = report.take()).equals("end")) {
                System.out.println(line);
            }
            w.join();
            System.out.println("exit=" + w.exitCode().orElse(-100));
        }
    }

    /** In the child: what its JVM was started with. */
    static void report(Queue<String> out) {
        try {
            boolean assertions = false;
            assert assertions = true; // runs only with -ea
            for (String s : List.of(
                    "property=" + System.getProperty("app.config"),
                    "assertions=" + assertions,
                    "open=" + Object.class.getModule().isOpen("java.lang", StartsLikeParentApp.class.getModule()),
                    "maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024),
                    "wrapper=" + System.getProperty("via.wrapper"),
                    "end")) {
                out.put(s);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
