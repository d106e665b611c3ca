package dev.multiproc.internal.shm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring's records in one JVM: order, wrap-around with padding, refusal when full, what a writer that died left unpublished. */
@Timeout(20)
class ShmRingTest {
    private static final long CAPACITY = 4096;
    private final ShmHeap heap = new ShmHeap();
    private final ShmRing ring = new ShmRing(heap, CAPACITY);

    @AfterEach
    void close() {
        heap.close();
    }

    /** The records a reader finds between {@code head} and {@code tail}. */
    private static int count(ShmRing ring, long head, long tail) {
        int n = 0;
        for (; head != tail; n++) {
            head = ring.read(head).nextHead();
        }
        return n;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void appendThenRead_records_comeBackInOrderWhole() {
        long head = 0, tail = 0;
        for (int i = 0; i < 10; i++) {
            tail = ring.append(head, tail, bytes(10 + i, i), i % 2 == 0);
            assertTrue(tail > 0);
        }
        assertEquals(10, count(ring, head, tail));
        for (int i = 0; i < 10; i++) {
            ShmRing.Record r = ring.read(head);
            assertArrayEquals(bytes(10 + i, i), r.payload());
            assertEquals(i % 2 == 0, r.spilled());
            head = r.nextHead();
        }
        assertEquals(tail, head, "every record read: the head meets the tail");
    }

    @Test
    void append_full_refusedAndRingUnchanged() {
        long head = 0, tail = 0;
        List<Long> tails = new ArrayList<>();
        for (long t = ring.append(head, tail, bytes(500, 1), false); t >= 0; t = ring.append(head, tail, bytes(500, 1), false)) {
            tail = t;
            tails.add(t);
        }
        assertEquals(-1, ring.append(head, tail, bytes(500, 2), false), "no room: refused");
        assertEquals(tails.size(), count(ring, head, tail));
        assertTrue(tail - head <= CAPACITY);
    }

    @Test
    void append_pastTheEnd_padsAndWrapsAround() {
        long head = 0, tail = 0;
        // fill most of the ring, then consume it: the next records must wrap
        for (int i = 0; i < 7; i++) {
            tail = ring.append(head, tail, bytes(500, i), false);
        }
        while (head != tail) {
            head = ring.read(head).nextHead();
        }
        long before = tail;
        tail = ring.append(head, tail, bytes(900, 9), false); // does not fit before the end: padding, then offset 0
        assertTrue(tail > before);
        ShmRing.Record r = ring.read(head);
        assertArrayEquals(bytes(900, 9), r.payload(), "the reader skips the padding");
        assertEquals(tail, r.nextHead());
        assertEquals(0, count(ring, r.nextHead(), tail));
    }

    @Test
    void read_recordsBeyondTheTail_notCounted() {
        long tail = ring.append(0, 0, bytes(40, 1), false);
        ring.append(0, tail, bytes(40, 2), false); // written, but a writer that died never moved the tail
        assertEquals(1, count(ring, 0, tail), "only published records count");
        assertFalse(ring.read(0).spilled());
    }
}
