package dev.multiproc.internal.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What an engine does in the child JVMs the process engine starts, found through {@link ServiceLoader}: the core
 * knows no engine by name. The cluster engine, for one, connects a warm spare that one of its agents started to
 * that agent's cluster while the spare waits, since a worker on an agent usually touches the cluster and a first
 * connection costs most of a second; and it has its client's classes put into the children's AOT cache.
 */
public interface ChildHook {

    /**
     * Runs in a warm spare before it waits for its task, off the task's path. Should return quickly and do the
     * slow part in the background; an exception is ignored (warming is an optimisation: the task reports what
     * goes wrong).
     */
    void spareWaiting();

    /**
     * Runs in the parent: the jars of this engine that its code in a child loads, which come right after the
     * library's jar on every child's class path so that the children's AOT cache covers them (a cache covers a
     * prefix of the class path made of jars only). Existing jar files only; none by default.
     */
    default List<Path> childJars() {
        return List.of();
    }

    /**
     * Runs in the training run of the children's AOT cache, after the core's own start-up path: the engine's
     * first steps in a child, so that the classes they load go into the cache. Must end within seconds; an
     * exception is ignored. Nothing by default.
     */
    default void train() {
    }

    /** Runs every hook found; never fails. */
    static void runSpareWaiting() {
        forEach(ChildHook::spareWaiting);
    }

    /** Runs every hook's training; never fails. */
    static void runTraining() {
        forEach(ChildHook::train);
    }

    /** Every hook's {@link #childJars()}, in the order the hooks are found. */
    static List<Path> allChildJars() {
        List<Path> jars = new ArrayList<>();
        forEach(h -> jars.addAll(h.childJars()));
        return jars;
    }

    private static void forEach(java.util.function.Consumer<ChildHook> action) {
        try {
            for (ChildHook hook : ServiceLoader.load(ChildHook.class, ChildHook.class.getClassLoader())) {
                try {
                    action.accept(hook);
                } catch (RuntimeException e) {
                    // an optimisation that failed: the task does the work itself
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            // a hook that cannot load: the same
        }
    }
}
