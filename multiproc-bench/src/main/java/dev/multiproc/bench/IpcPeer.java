package dev.multiproc.bench;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child JVM of {@link IpcProbe}'s upper anchors, launched with {@link ProcessBuilder}: plain transports
 * between two JVMs, without multiproc, that the probe's queue and pipe figures are set beside.
 * <ul>
 *   <li>{@code uds <socket path>}: connects to the probe over a Unix-domain socket; see {@link #udsPeer};</li>
 *   <li>{@code agrona <file>}: maps two Agrona {@code OneToOneRingBuffer}s from a file in {@code /dev/shm};
 *       see {@link #agronaPeer}.</li>
 * </ul>
 */
public final class IpcPeer {
    /** Message values (UDS) and Agrona message types of the protocol between the probe and this peer. */
    static final int ECHO = 1, SINK = 2, SINK_END = 3, STOP = 4;
    /** Each Agrona ring's capacity (a power of two); the file holds two rings and their trailers. */
    static final int RING_CAPACITY = 1 << 20;

    private IpcPeer() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "uds" -> udsPeer(Path.of(args[1]));
            case "agrona" -> agronaPeer(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown peer: " + args[0]);
        }
    }

    /**
     * Reads 4-byte messages: a non-negative one is echoed; {@code -SINK} is followed by a count {@code n}, then
     * {@code n} messages that are only counted, then one 4-byte acknowledgement; {@code -STOP} ends.
     */
    static void udsPeer(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer one = ByteBuffer.allocateDirect(4);
            ByteBuffer bulk = ByteBuffer.allocateDirect(64 * 1024);
            while (true) {
                int m = readInt(ch, one);
                if (m >= 0) {
                    writeInt(ch, one, m);
                } else if (m == -SINK) {
                    long bytes = 4L * readInt(ch, one);
                    long sum = 0;
                    while (bytes > 0) {
                        bulk.clear().limit((int) Math.min(bulk.capacity(), bytes));
                        int r = ch.read(bulk);
                        if (r < 0) {
                            throw new EOFException("probe went away");
                        }
                        bytes -= r;
                        sum += r;
                    }
                    writeInt(ch, one, (int) (sum / 4));
                } else {
                    return;
                }
            }
        }
    }

    static int readInt(SocketChannel ch, ByteBuffer b) throws IOException {
        b.clear();
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("peer went away");
            }
        }
        return b.getInt(0);
    }

    static void writeInt(SocketChannel ch, ByteBuffer b, int value) throws IOException {
        b.clear();
        b.putInt(value).flip();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The two rings in a mapped file: {@code [0]} probe to peer, {@code [1]} peer to probe. */
    static OneToOneRingBuffer[] mapRings(Path file) throws IOException {
        int ringBytes = RING_CAPACITY + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer m = fc.map(FileChannel.MapMode.READ_WRITE, 0, 2L * ringBytes);
            return new OneToOneRingBuffer[] {
                new OneToOneRingBuffer(new UnsafeBuffer(m, 0, ringBytes)),
                new OneToOneRingBuffer(new UnsafeBuffer(m, ringBytes, ringBytes)),
            };
        }
    }

    /**
     * Spins on the probe-to-peer ring: {@code ECHO} messages go back on the other ring, {@code SINK} messages
     * are counted until a {@code SINK_END}, which is answered with the count; {@code STOP} ends.
     */
    static void agronaPeer(Path file) throws IOException {
        OneToOneRingBuffer[] rings = mapRings(file);
        OneToOneRingBuffer in = rings[0], out = rings[1];
        UnsafeBuffer reply = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
        int[] state = {0, 1}; // sink count, running
        while (state[1] == 1) {
            int read = in.read((type, buffer, index, length) -> {
                switch (type) {
                    case ECHO -> {
                        reply.putInt(0, buffer.getInt(index));
                        while (!out.write(ECHO, reply, 0, 4)) {
                            Thread.onSpinWait();
                        }
                    }
                    case SINK -> state[0]++;
                    case SINK_END -> {
                        reply.putInt(0, state[0]);
                        state[0] = 0;
                        while (!out.write(SINK_END, reply, 0, 4)) {
                            Thread.onSpinWait();
                        }
                    }
                    default -> state[1] = 0;
                }
            });
            if (read == 0) {
                Thread.onSpinWait();
            }
        }
    }
}
