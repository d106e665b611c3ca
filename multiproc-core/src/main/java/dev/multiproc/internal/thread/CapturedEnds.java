package dev.multiproc.internal.thread;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the pipe ends a task captured, so that the worker or pool that runs it holds them from its start, as a
 * child process holds what it received with its task. On the thread engines nothing is serialized; this walks
 * the task the way serialization would, without writing anything: through the lambda's captured values, a
 * task object's fields, {@code Pipe}s, records, arrays and the JDK's collections, and nowhere else (a user's
 * object is not entered, so a large or unserializable capture costs nothing).
 */
final class CapturedEnds extends ObjectOutputStream {
    private final List<ThreadConnection> found = new ArrayList<>();
    private final Object root;

    private CapturedEnds(Object root) throws IOException {
        super(OutputStream.nullOutputStream());
        this.root = root;
        enableReplaceObject(true);
    }

    /** The thread-engine pipe ends reachable from {@code root} along the paths above. */
    static List<ThreadConnection> in(Object root) {
        try (CapturedEnds walk = new CapturedEnds(root)) {
            walk.writeObject(root);
            return walk.found;
        } catch (IOException | RuntimeException e) {
            return List.of(); // a path that cannot be walked: its ends are held from their first use instead
        }
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (obj instanceof ThreadConnection c) {
            found.add(c);
            return null;
        }
        return obj == root || entered(obj) ? obj : null;
    }

    private static boolean entered(Object obj) {
        Class<?> c = obj.getClass();
        return obj instanceof SerializedLambda || obj instanceof Object[] || obj instanceof dev.multiproc.Pipe
                || c.isRecord() && obj instanceof Serializable
                || c.getName().startsWith("java.util.") && obj instanceof Serializable;
    }
}
