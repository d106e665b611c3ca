package dev.multiproc.cluster.internal.agent;

import java.util.List;

/**
 * The class loader of an agent's Hazelcast member: it loads only the JDK's and Hazelcast's classes and the
 * states and operations of the cluster's primitives, queues and pipes, so that whatever a client sends, the
 * member cannot make an instance of any other class on the agent's class path (the application's, or
 * multiproc's calls). Every way Hazelcast reads a class by its name goes through it: Java serialization,
 * {@code DataSerializable} (whose reader makes an instance of the class it is told to, before it checks its
 * type), reflective compact serialization. The agent's own code (its runtime, the local pools) does not use it.
 */
final class AgentClassLoader extends ClassLoader {
    /** What the member may load, by prefix of the class name. */
    static final List<String> ALLOWED = List.of("java.", "javax.", "jdk.", "com.hazelcast.", "[",
            "dev.multiproc.cluster.internal.store.", "dev.multiproc.cluster.internal.sync.",
            "dev.multiproc.cluster.internal.ipc.");

    AgentClassLoader(ClassLoader parent) {
        super("multiproc-agent-member", parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!allowed(name)) {
            throw new ClassNotFoundException(name + " may not be loaded by an agent's member (multiproc agents load "
                    + "only the JDK's, Hazelcast's and their own state classes for what clients send)");
        }
        return super.loadClass(name, resolve);
    }

    static boolean allowed(String name) {
        for (String prefix : ALLOWED) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
