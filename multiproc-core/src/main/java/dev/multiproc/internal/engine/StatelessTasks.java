package dev.multiproc.internal.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The task codec with a shortcut for lambdas that capture nothing ({@code () -> 1}, {@code Tasks::work}):
 * every instance of such a class encodes to the same bytes, and decoding those bytes gives an object
 * that behaves the same, so a pool encodes each such class once and its worker decodes each once.
 * Measured: JDK serialization of a small lambda costs ~4 µs to encode and ~15 µs to decode, most of a
 * warm pool's submit + get. Lambdas that capture values, and every other class, take the normal path.
 */
public final class StatelessTasks {
    private static final int DECODED_CAPACITY = 64;
    /** A lambda that captures nothing serializes to a few hundred bytes: larger payloads skip the cache. */
    private static final int CACHED_MAX_BYTES = 2048;
    private static final ClassValue<Boolean> STATELESS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return isStatelessLambda(type);
        }
    };
    private static final Map<Class<?>, byte[]> ENCODED = new ConcurrentHashMap<>();
    private static final Map<ByteBuffer, Object> DECODED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
            return size() > DECODED_CAPACITY;
        }
    };

    private StatelessTasks() {
    }

    /** Whether {@code task} is a lambda that captures nothing (so it carries no handle either). */
    public static boolean isStateless(Object task) {
        return task != null && STATELESS.get(task.getClass());
    }

    /** As {@code Codec.tasks().encode}; the returned array must not be changed. */
    public static byte[] encode(Object task) {
        if (task != null && STATELESS.get(task.getClass())) {
            return ENCODED.computeIfAbsent(task.getClass(), c -> Codec.tasks().encode(task));
        }
        return Codec.tasks().encode(task);
    }

    /** As {@code Codec.tasks().decode}; a stateless lambda decoded before is returned again. */
    public static Object decode(byte[] bytes) {
        if (bytes.length > CACHED_MAX_BYTES) {
            return Codec.tasks().decode(bytes); // not hashed under the lock: it could never be a hit
        }
        ByteBuffer key = ByteBuffer.wrap(bytes);
        synchronized (DECODED) {
            Object known = DECODED.get(key);
            if (known != null) {
                return known;
            }
        }
        Object task = Codec.tasks().decode(bytes);
        if (task != null && STATELESS.get(task.getClass())) {
            synchronized (DECODED) {
                DECODED.put(key, task);
            }
        }
        return task;
    }

    // A lambda's class is synthetic and holds its captured values in instance fields: none, none captured.
    private static boolean isStatelessLambda(Class<?> type) {
        if (!type.isSynthetic() || !type.isHidden()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    return false;
                }
            }
        }
        return true;
    }
}
