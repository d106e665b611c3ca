package dev.multiproc.sync;

import dev.multiproc.Context;

import java.util.function.Supplier;

/** The engines every synchronization contract test runs on (the sync package's copy of {@code Engine}). */
enum Engines {
    THREADS(Context::threads),
    VIRTUAL_THREADS(Context::virtualThreads),
    PROCESSES(Context::processes);

    private final Supplier<Context> factory;

    Engines(Supplier<Context> factory) {
        this.factory = factory;
    }

    Context open() {
        return factory.get();
    }

    boolean isProcess() {
        return this == PROCESSES;
    }
}
