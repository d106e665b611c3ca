package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.Grid;
import dev.multiproc.cluster.internal.store.Op;
import dev.multiproc.cluster.internal.store.Store;
import dev.multiproc.cluster.internal.store.Watch;

import java.io.Serial;
import java.io.Serializable;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What every cluster handle is: the cluster and a key. It travels to other JVMs as these two values and
 * finds (or opens) its connection there on first use.
 */
public abstract class Handle implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    protected final Grid.Ref ref;
    protected final String key;
    private transient volatile Store store;

    protected Handle(Grid.Ref ref, String key) {
        this.ref = ref;
        this.key = key;
    }

    protected final Store store() {
        Store s = store;
        if (s == null) {
            s = ref.store();
            store = s;
        }
        return s;
    }

    /** Runs an op atomically on this handle's key. */
    protected final <R> R update(Op<R> op) {
        return store().update(key, op);
    }

    /**
     * Runs an op that a timed wait may give up on ({@link Store#tryUpdate}): within {@link #until}, or a try
     * that takes no time ({@link dev.multiproc.cluster.internal.store.Deadline#now}).
     *
     * @param op the op
     * @param undo what reverses its effect if it lands after the wait gave up, given its result; {@code null}
     *        for an op that changes nothing
     */
    protected final <R> R tryUpdate(Op<R> op, Function<? super R, Op<?>> undo) {
        return store().tryUpdate(key, op, undo);
    }

    /** Tries until {@code attempt} succeeds or {@code nanos} pass, waiting for changes of this key; see {@link Watch#until}. */
    protected final boolean until(BooleanSupplier attempt, long nanos) throws InterruptedException {
        return store().watch(key).until(attempt, nanos);
    }

    /** This JVM's endpoint id: what states record as holder. */
    protected final String self() {
        return store().self();
    }

    /** The key, for the context that frees it at close. */
    public final String key() {
        return key;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + key + "]";
    }
}
