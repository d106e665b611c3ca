package dev.multiproc.ipc;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Messages whose every byte can be checked: a torn or stale message fails {@link #verify} instead of passing
 * for a good one. Plus the structured and the unsendable messages the tests send.
 */
final class Payloads {
    /** Every 1000th patterned message is larger than a ring's inline limit (1 MiB), so it takes the spill path. */
    static final int SPILLED_LENGTH = 1_500_000;

    private Payloads() {
    }

    /** The length of message {@code seq}: 4 to ~4 KB, and a spilled one now and then. */
    static int lengthFor(int seq) {
        return seq % 1000 == 999 ? SPILLED_LENGTH : 4 + (int) ((seq * 7919L) % 4000);
    }

    /** Message {@code seq}: the sequence number, then bytes that depend on it and on their position. */
    static byte[] patterned(int seq) {
        return patterned(seq, lengthFor(seq));
    }

    static byte[] patterned(int seq, int length) {
        byte[] b = new byte[length];
        ByteBuffer.wrap(b).putInt(seq);
        for (int j = 4; j < length; j++) {
            b[j] = patternByte(seq, j);
        }
        return b;
    }

    private static byte patternByte(int seq, int j) {
        return (byte) (seq * 31 + j * 7 + (j >>> 8));
    }

    /** The sequence number of a whole, well-formed message; an {@link AssertionError} for anything else. */
    static int verify(byte[] b) {
        return verify(b, -1);
    }

    /** As {@link #verify(byte[])}, for messages made with an explicit {@code length} ({@code -1}: {@link #lengthFor}). */
    static int verify(byte[] b, int length) {
        if (b == null || b.length < 4) {
            throw new AssertionError("corrupt message: " + (b == null ? "null" : b.length + " bytes"));
        }
        int seq = ByteBuffer.wrap(b).getInt();
        int expected = length >= 0 ? length : seq >= 0 ? lengthFor(seq) : -1;
        if (b.length != expected) {
            throw new AssertionError("corrupt message: seq=" + seq + ", length=" + b.length + ", expected=" + expected);
        }
        for (int j = 4; j < b.length; j++) {
            if (b[j] != patternByte(seq, j)) {
                throw new AssertionError("corrupt message: seq=" + seq + ", byte " + j + " of " + b.length);
            }
        }
        return seq;
    }

    /** A structured message: a record of strings, lists, maps and a nested record. */
    record Order(int id, String customer, List<Line> lines, Map<String, Object> attributes) implements Serializable {
        static Order of(int id) {
            List<Line> lines = List.of(new Line("sku-" + id, id % 7 + 1, id * 0.25), new Line("gift", 1, 0.0));
            return new Order(id, "customer-" + (id % 13), lines,
                    Map.of("priority", id % 3 == 0, "note", "n" + id, "tags", List.of("a", "b" + id)));
        }

        double total() {
            return lines.stream().mapToDouble(l -> l.quantity() * l.price()).sum();
        }
    }

    record Line(String sku, int quantity, double price) implements Serializable {
    }

    /** The reply to an {@link Order}. */
    record Receipt(int orderId, double total, Map<String, Object> echoed) implements Serializable {
    }

    /** Not {@code Serializable}. */
    static final class Thing {
    }

    /** Serializable itself, but holds something that is not. */
    record Holder(String label, Object content) implements Serializable {
    }

    /** Writes part of itself, then fails: nothing of it may reach a consumer. */
    static final class FailsHalfway implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final byte[] body = new byte[10_000];

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.write(body);
            throw new NotSerializableException("FailsHalfway refuses halfway");
        }
    }

    /** Serializes, but cannot be read back. */
    static final class FailsOnRead implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void readObject(ObjectInputStream in) throws IOException {
            throw new IOException("FailsOnRead refuses to be read");
        }
    }
}
