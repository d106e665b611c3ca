package dev.multiproc.internal.codec;

import dev.multiproc.SerializableRunnable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both codecs: whole values or a clear error, never half a value. */
class CodecTest {
    record Order(long id, String customer, List<Integer> items) implements Serializable {
    }

    static final class NotSerializable {
    }

    record Holder(Object value) implements Serializable {
    }

    private static Codec codec(String name) {
        return name.equals("jdk") ? JdkCodec.INSTANCE : new ForyCodec();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "fory"})
    void roundTrip_record_equal(String name) {
        Codec c = codec(name);
        Order order = new Order(7, "ada", List.of(1, 2, 3));
        assertEquals(order, c.decode(c.encode(order)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "fory"})
    void roundTrip_capturingLambda_runs(String name) {
        Codec c = codec(name);
        int[] seen = new int[1];
        SerializableRunnable task = () -> seen[0]++;
        ((Runnable) c.decode(c.encode(task))).run(); // runs on a copy: the original is untouched
        assertEquals(0, seen[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "fory"})
    void encode_notSerializable_illegalArgumentNamingClass(String name) {
        Codec c = codec(name);
        Object value = name.equals("jdk") ? new Holder(new NotSerializable()) : new NotSerializable();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.encode(value));
        assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "fory"})
    void decode_truncated_rejected(String name) {
        Codec c = codec(name);
        byte[] whole = c.encode(new Order(1, "x".repeat(100), List.of(4, 5)));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertThrows(CorruptDataException.class, () -> c.decode(half));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk"})
    void decode_trailingBytes_rejected(String name) {
        Codec c = codec(name);
        byte[] whole = c.encode(new Order(1, "x", List.of()));
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertThrows(CorruptDataException.class, () -> c.decode(longer));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "fory"})
    void decode_garbage_rejected(String name) {
        assertThrows(CorruptDataException.class, () -> codec(name).decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    }
}
