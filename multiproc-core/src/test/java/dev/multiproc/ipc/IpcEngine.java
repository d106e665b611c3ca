package dev.multiproc.ipc;

import dev.multiproc.Context;

import java.util.function.Supplier;

/** The engines every queue and pipe contract test runs on (the ipc package's copy of {@code Engine}). */
enum IpcEngine {
    THREADS(Context::threads),
    VIRTUAL_THREADS(Context::virtualThreads),
    PROCESSES(Context::processes);

    private final Supplier<Context> factory;

    IpcEngine(Supplier<Context> factory) {
        this.factory = factory;
    }

    Context open() {
        return factory.get();
    }

    boolean isProcess() {
        return this == PROCESSES;
    }
}
