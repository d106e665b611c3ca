package dev.multiproc.internal.engine;

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
            return withInt(INT, i);
        } else if (value instanceof Long l) {
            return withLong(LONG, l);
        } else if (value instanceof Double d) {
            return withLong(DOUBLE, Double.doubleToRawLongBits(d));
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
        return switch (bytes[0]) {
            case NULL -> null;
            case INT -> readInt(exact(bytes, 4));
            case LONG -> readLong(exact(bytes, 8));
            case DOUBLE -> Double.longBitsToDouble(readLong(exact(bytes, 8)));
            case TRUE, FALSE -> exact(bytes, 0)[0] == TRUE;
            case STRING -> new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            case BYTES -> java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
            case OBJECT -> JdkCodec.INSTANCE.decode(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
            default -> throw new CorruptDataException("unknown message tag: " + bytes[0], null);
        };
    }

    /**
     * Whether {@code value} takes a fast path, so that it cannot hold a handle (a pipe end) whose transfer
     * {@link Handoff} must follow.
     */
    public static boolean isPlain(Object value) {
        return value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof String || value instanceof byte[];
    }

    private static byte[] exact(byte[] bytes, int size) {
        if (bytes.length - 1 != size) {
            throw new CorruptDataException("message body of " + (bytes.length - 1) + " bytes, expected " + size, null);
        }
        return bytes;
    }

    // Bodies little-endian, written byte by byte: a ByteBuffer per message cost an object and, in a cold JVM,
    // a dozen more methods to interpret and compile on a queue's hot path.
    private static byte[] withInt(byte tag, int v) {
        return new byte[] {tag, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static byte[] withLong(byte tag, long v) {
        byte[] out = new byte[9];
        out[0] = tag;
        for (int k = 0; k < 8; k++) {
            out[1 + k] = (byte) (v >>> (8 * k));
        }
        return out;
    }

    private static int readInt(byte[] b) {
        return (b[1] & 0xff) | (b[2] & 0xff) << 8 | (b[3] & 0xff) << 16 | (b[4] & 0xff) << 24;
    }

    private static long readLong(byte[] b) {
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = v << 8 | (b[1 + k] & 0xff);
        }
        return v;
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
