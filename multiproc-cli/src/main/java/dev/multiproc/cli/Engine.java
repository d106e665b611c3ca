package dev.multiproc.cli;

import dev.multiproc.Context;
import dev.multiproc.ProcessOptions;

/** The four ways to run a worker that {@code compare} puts side by side, in column order. */
enum Engine {
    PLATFORM_THREADS("platform threads", "platform_threads"),
    VIRTUAL_THREADS("virtual threads", "virtual_threads"),
    COLD_PROCESSES("processes (cold)", "processes_cold"),
    WARM_PROCESSES("processes (warm)", "processes_warm");

    /** Spares kept by the warm engine: {@code Context.processes(ProcessOptions.defaults().withWarmSpares(2))}. */
    static final int WARM_SPARES = 2;

    private final String label;
    private final String id;

    Engine(String label, String id) {
        this.label = label;
        this.id = id;
    }

    /** The column header, for people. */
    String label() {
        return label;
    }

    /** The stable key used in JSON. */
    String id() {
        return id;
    }

    boolean isProcess() {
        return this == COLD_PROCESSES || this == WARM_PROCESSES;
    }

    /** How many booted JVMs this engine keeps waiting; {@code 0} for all but the warm one. */
    int spares() {
        return this == WARM_PROCESSES ? WARM_SPARES : 0;
    }

    /**
     * Opens a context of this engine.
     *
     * @param processBase options for process engines (the warm engine adds its spares); ignored by thread engines
     * @return a new context, to be closed by the caller
     */
    Context open(ProcessOptions processBase) {
        return switch (this) {
            case PLATFORM_THREADS -> Context.threads();
            case VIRTUAL_THREADS -> Context.virtualThreads();
            case COLD_PROCESSES -> Context.processes(processBase);
            case WARM_PROCESSES -> Context.processes(processBase.withWarmSpares(WARM_SPARES));
        };
    }
}
