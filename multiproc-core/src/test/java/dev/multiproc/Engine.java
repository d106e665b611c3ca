package dev.multiproc;

import java.util.function.Supplier;

/** The engines every contract test runs on. */
enum Engine {
    THREADS(Context::threads),
    VIRTUAL_THREADS(Context::virtualThreads),
    PROCESSES(Context::processes);

    private final Supplier<Context> factory;

    Engine(Supplier<Context> factory) {
        this.factory = factory;
    }

    Context open() {
        return factory.get();
    }

    boolean isProcess() {
        return this == PROCESSES;
    }
}
