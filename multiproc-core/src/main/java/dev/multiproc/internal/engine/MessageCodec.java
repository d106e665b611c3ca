package dev.multiproc.internal.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The codec of messages (queues, pipes): a one-byte tag and a raw body for the values messages are most
 * often made of ({@code null}, {@code Integer}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code String}, {@code byte[]}), JDK serialization for everything else. The fast paths cost tens of
 * nanoseconds where JDK serialization costs microseconds (see BENCHMARKS.md), without Fory's warnings in
 * the user's JVM.
 */
public final class MessageCodec implements Codec {
    public static final MessageCodec INSTANCE = new MessageCodec();

    private static final byte NULL = 0, INT = 1, LONG = 2, DOUBLE = 3, STRING = 4, BYTES = 5, TRUE = 6, FALSE = 7,
            OBJECT = 9;

    private MessageCodec() {
    }

    @Override
    public byte[] encode(Object value) {
        // An instanceof chain, not a pattern switch: a JVM's first pattern switch spins a class at run time
        // (measured 6-15 ms), which a program's first message would pay.
        if (value == null) {
            return new byte[] {NULL};
        } else if (value instanceof Integer i) {
            return buffer(5, INT).putInt(i).array();
        } else if (value instanceof Long l) {
            return buffer(9, LONG).putLong(l).array();
        } else if (value instanceof Double d) {
            return buffer(9, DOUBLE).putDouble(d).array();
        } else if (value instanceof Boolean b) {
            return new byte[] {b ? TRUE : FALSE};
        } else if (value instanceof String s) {
            return tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof byte[] b) {
            return tagged(BYTES, b);
        }
        return tagged(OBJECT, JdkCodec.INSTANCE.encode(value));
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new CorruptDataException("empty message", null);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1).order(ByteOrder.LITTLE_ENDIAN);
        return switch (bytes[0]) {
            case NULL -> null;
            case INT -> exact(in, 4).getInt();
            case LONG -> exact(in, 8).getLong();
            case DOUBLE -> exact(in, 8).getDouble();
            case TRUE, FALSE -> {
                exact(in, 0);
                yield bytes[0] == TRUE;
            }
            case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            case BYTES -> java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
            case OBJECT -> JdkCodec.INSTANCE.decode(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
            default -> throw new CorruptDataException("unknown message tag: " + bytes[0], null);
        };
    }

    private static ByteBuffer exact(ByteBuffer in, int size) {
        if (in.remaining() != size) {
            throw new CorruptDataException("message body of " + in.remaining() + " bytes, expected " + size, null);
        }
        return in;
    }

    private static ByteBuffer buffer(int size, byte tag) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).put(tag);
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
