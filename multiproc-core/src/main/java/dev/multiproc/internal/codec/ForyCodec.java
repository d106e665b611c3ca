package dev.multiproc.internal.codec;

import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;

import java.io.Serializable;

/**
 * Apache Fory in Java mode with reference tracking. Fory would encode any class; this codec keeps the
 * rule of {@link JdkCodec} and refuses a top-level value that is not {@link Serializable}, so that the
 * two codecs accept the same values. Fory's first use in a JVM generates serializers, which costs time
 * that a freshly started child should not pay on its critical path: see {@code docs/decisions.md}.
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
            throw new IllegalArgumentException("cannot serialize " + JdkCodec.describe(value) + ": " + e, e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            return fory.deserialize(bytes);
        } catch (RuntimeException e) {
            throw new CorruptDataException("cannot deserialize: " + e, e);
        }
    }
}
