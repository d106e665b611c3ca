package dev.multiproc;

import java.util.function.Supplier;

/** The engines every contract test runs on, in every test package. */
public enum Engine {
    THREADS(Context::threads),
    VIRTUAL_THREADS(Context::virtualThreads),
    PROCESSES(Context::processes);

    private final Supplier<Context> factory;

    Engine(Supplier<Context> factory) {
        this.factory = factory;
    }

    public Context open() {
        return factory.get();
    }

    public boolean isProcess() {
        return this == PROCESSES;
    }
}
