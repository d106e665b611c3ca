package dev.multiproc.cli;

import dev.multiproc.Context;

/**
 * Where the figures were measured.
 *
 * @param cores {@link Context#cpuCount()}: the CPUs this process may use
 * @param jdk the runtime's version and vendor
 * @param os name, version and architecture
 */
record Machine(int cores, String jdk, String os) {

    /** Describes this JVM and machine. */
    static Machine current() {
        int cores;
        try (Context ctx = Context.threads()) {
            cores = ctx.cpuCount();
        }
        String jdk = Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new Machine(cores, jdk, os);
    }
}
