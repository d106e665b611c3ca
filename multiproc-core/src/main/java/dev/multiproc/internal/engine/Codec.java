package dev.multiproc.internal.engine;

/**
 * Turns objects into bytes and back, for tasks, messages and results that cross a JVM boundary.
 *
 * <p>Both directions are complete or fail: {@link #encode} runs in the caller's thread before anything
 * is sent, so a value that cannot be encoded fails there; {@link #decode} rejects bytes it cannot read
 * whole instead of returning part of an object.
 */
public interface Codec {

    /**
     * Encodes a value.
     *
     * @param value the value, may be {@code null}
     * @return the encoded bytes
     * @throws IllegalArgumentException if the value, or something it refers to, cannot be encoded; the
     *         message names the offending class
     */
    byte[] encode(Object value);

    /**
     * Decodes bytes made by {@link #encode} of the same codec.
     *
     * @param bytes the encoded value
     * @return the value
     * @throws CorruptDataException if the bytes are not a whole, acceptable encoding
     */
    Object decode(byte[] bytes);

    /**
     * The codec that tasks use: JDK serialization; see {@code docs/decisions.md} for the measurement.
     *
     * @return the shared instance
     */
    static Codec tasks() {
        return JdkCodec.INSTANCE;
    }
}
