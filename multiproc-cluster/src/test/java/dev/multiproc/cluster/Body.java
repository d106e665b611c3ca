package dev.multiproc.cluster;

import dev.multiproc.SerializableRunnable;

import java.io.Serializable;

/** A task body that may throw checked exceptions; serializable so that it travels to an agent's worker JVM. */
@FunctionalInterface
interface Body extends Serializable {
    void run() throws Exception;

    /** As a task: a checked exception becomes an {@link IllegalStateException}. */
    static SerializableRunnable task(Body body) {
        return () -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
