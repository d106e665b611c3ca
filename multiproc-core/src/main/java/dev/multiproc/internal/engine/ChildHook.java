package dev.multiproc.internal.engine;

import java.util.ServiceLoader;

/**
 * What an engine does in the child JVMs the process engine starts, found through {@link ServiceLoader} in
 * each child: the core knows no engine by name. The cluster engine, for one, connects a warm spare that one of
 * its agents started to that agent's cluster while the spare waits, since a worker on an agent usually touches
 * the cluster and a first connection costs most of a second.
 */
public interface ChildHook {

    /**
     * Runs in a warm spare before it waits for its task, off the task's path. Should return quickly and do the
     * slow part in the background; an exception is ignored (warming is an optimisation: the task reports what
     * goes wrong).
     */
    void spareWaiting();

    /** Runs every hook found; never fails. */
    static void runSpareWaiting() {
        try {
            for (ChildHook hook : ServiceLoader.load(ChildHook.class, ChildHook.class.getClassLoader())) {
                hook.spareWaiting();
            }
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            // an optimisation that failed: the task does the work itself
        }
    }
}
