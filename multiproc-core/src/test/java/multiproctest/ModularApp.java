package multiproctest;

import dev.multiproc.Context;
import dev.multiproc.Worker;

/**
 * A user program outside the library's package, for the test that runs the library as a named module.
 * Prints {@code exit=<code> failure=<class>} for a task that returns and one that throws.
 */
public final class ModularApp {
    private ModularApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("library module: " + Context.class.getModule().getName());
        try (Context ctx = Context.processes()) {
            Worker ok = ctx.start(() -> { });
            ok.join();
            Worker failing = ctx.start(() -> {
                throw new IllegalStateException("from a modular child");
            });
            failing.join();
            System.out.println("ok exit=" + ok.exitCode().orElseThrow());
            System.out.println("failing exit=" + failing.exitCode().orElseThrow() + " failure="
                    + failing.failure().orElseThrow().remoteClassName());
        }
    }
}
