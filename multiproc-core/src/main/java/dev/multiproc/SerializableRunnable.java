package dev.multiproc;

import java.io.Serializable;

/**
 * A {@link Runnable} that can travel to another JVM: the task of a {@link Worker}.
 *
 * <p>A lambda whose target type is this interface is serializable; every value it captures must be
 * serializable too, or {@link Worker#start()} fails with {@link IllegalArgumentException} naming the
 * class that is not. A class that implements {@link #run()} is the Java form of Python's "extend
 * {@code Process} and override {@code run()}".
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {
}
