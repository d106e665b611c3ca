package dev.multiproc;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can travel to another JVM; see {@link SerializableRunnable} for what it may
 * capture.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
