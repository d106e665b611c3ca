package dev.multiproc.internal.shm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue's ring in one JVM: an empty ring goes back to its start, so its pages follow the backlog. */
@Timeout(30)
class ShmQueueTest {
    private final ShmHeap heap = new ShmHeap();

    @AfterEach
    void close() {
        heap.close();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void putThenTake_manyBytesThroughNoBacklog_ringStaysNearItsStart() throws InterruptedException {
        ShmQueue<byte[]> q = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        for (int i = 0; i < 20_000; i++) { // 20 MB through a 32 MiB ring, one item waiting at a time
            q.put(bytes(1000, i));
            assertArrayEquals(bytes(1000, i), q.take());
        }
        assertTrue(q.ringOffset() < (64 << 10) + 2048, "the ring went on to offset " + q.ringOffset());
    }

    @Test
    void putThenTake_backlogAcrossARewind_fifoAndWhole() throws InterruptedException {
        ShmQueue<byte[]> q = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        int taken = 0;
        for (int i = 0; i < 3_000; i++) {
            q.put(bytes(1000, i));
            if (i % 3 == 2) { // a backlog that empties now and then: some puts find the ring empty, most do not
                while (taken <= i) {
                    assertArrayEquals(bytes(1000, taken), q.take(), "item " + taken);
                    taken++;
                }
            }
        }
        assertEquals(0, q.size());
        assertTrue(q.ringOffset() < (64 << 10) + 4096, "the ring went on to offset " + q.ringOffset());
    }

    /** A producer that died between a rewind's two stores left the tail at the ring's start, the head behind it. */
    @Test
    void put_afterARewindLeftHalfDone_theConsumerFindsTheItem() throws InterruptedException {
        ShmQueue<byte[]> q = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        q.put(bytes(100, 1));
        q.take();
        long tail = q.getLong(ShmQueue.TAIL);
        q.setLong(ShmQueue.TAIL, tail + 4096); // the same count, another position: the tail's store alone
        q.put(bytes(100, 2));
        assertArrayEquals(bytes(100, 2), q.take());
        assertEquals(0, q.size());
    }

    /** A process that attaches after 2^31 records went through has read no tail yet: its bound says nothing. */
    @Test
    void pollAndTake_countsPast2To31_emptyStaysEmpty() throws InterruptedException {
        ShmQueue<byte[]> q = new ShmQueue<>(heap, Integer.MAX_VALUE, false);
        long word = 0x8000_0010L << 32; // that many records taken and appended, the ring empty at its start
        q.setLong(ShmQueue.TAIL, word);
        q.setLong(ShmQueue.HEAD, word);
        assertNull(q.poll(), "an empty queue");
        q.put(bytes(10, 3));
        assertEquals(1, q.size());
        assertArrayEquals(bytes(10, 3), q.take());
        assertEquals(0, q.size());
    }
}
