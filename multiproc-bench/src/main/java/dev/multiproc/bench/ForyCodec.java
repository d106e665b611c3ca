package dev.multiproc.bench;

import dev.multiproc.internal.engine.Codec;

import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

import java.io.Serializable;

/**
 * Apache Fory in Java mode with reference tracking, for {@link CodecBenchmark}'s comparison with the JDK
 * serialization the library uses. Fory would encode any class; this codec refuses a top-level value that is
 * not {@link Serializable}, so that the two codecs accept the same values. Not in the library: on JDK 25 Fory
 * warns about {@code sun.misc.Unsafe} unless the JVM opens {@code java.lang.invoke} to it, and its first use in
 * a JVM costs 0.6-1.7 s (docs/decisions.md, Serialization).
 */
public final class ForyCodec implements Codec {
    private final ThreadSafeFory fory = Fory.builder()
            .withLanguage(Language.JAVA)
            .withRefTracking(true)
            .requireClassRegistration(false)
            .suppressClassRegistrationWarnings(true)
            .withMaxDepth(200)
            .buildThreadSafeFory();

    @Override
    public byte[] encode(Object value) {
        if (value != null && !(value instanceof Serializable)) {
            throw new IllegalArgumentException("not serializable: class " + value.getClass().getName());
        }
        try {
            return fory.serialize(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot serialize " + (value == null ? "null" : value.getClass().getName()) + ": " + e, e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            return fory.deserialize(bytes);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot deserialize: " + e, e);
        }
    }
}
