package dev.multiproc.internal.engine;

import dev.multiproc.SerializableRunnable;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task codec: whole values or a clear error, never half a value. */
class CodecTest {
    private static final Codec CODEC = Codec.tasks();

    record Order(long id, String customer, List<Integer> items) implements Serializable {
    }

    static final class NotSerializable {
    }

    record Holder(Object value) implements Serializable {
    }

    @Test
    void roundTrip_record_equal() {
        Order order = new Order(7, "ada", List.of(1, 2, 3));
        assertEquals(order, CODEC.decode(CODEC.encode(order)));
    }

    @Test
    void roundTrip_capturingLambda_runs() {
        int[] seen = new int[1];
        SerializableRunnable task = () -> seen[0]++;
        ((Runnable) CODEC.decode(CODEC.encode(task))).run(); // runs on a copy: the original is untouched
        assertEquals(0, seen[0]);
    }

    @Test
    void encode_notSerializable_illegalArgumentNamingClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CODEC.encode(new Holder(new NotSerializable())));
        assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
    }

    @Test
    void decode_truncated_rejected() {
        byte[] whole = CODEC.encode(new Order(1, "x".repeat(100), List.of(4, 5)));
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertThrows(CorruptDataException.class, () -> CODEC.decode(half));
    }

    @Test
    void decode_trailingBytes_rejected() {
        byte[] whole = CODEC.encode(new Order(1, "x", List.of()));
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        assertThrows(CorruptDataException.class, () -> CODEC.decode(longer));
    }

    @Test
    void decode_garbage_rejected() {
        assertThrows(CorruptDataException.class, () -> CODEC.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
    }
}
