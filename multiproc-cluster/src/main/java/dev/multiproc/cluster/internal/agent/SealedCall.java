package dev.multiproc.cluster.internal.agent;

import dev.multiproc.cluster.internal.store.FieldSerializer;
import dev.multiproc.internal.engine.Codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only thing an agent runs for a driver: one of the {@link Calls} as bytes, sealed with the cluster secret.
 * The MAC covers the call, the driver's session and its turn in it (so a recorded call cannot be replayed),
 * the time it was made (so it cannot be replayed once the agent has forgotten the session) and the agent it
 * was made for (so it cannot be replayed to another agent). The agent checks it ({@link CallGate}) before it
 * decodes the call; without a secret the MAC is empty and only an agent without a secret accepts it.
 *
 * @param sessionHigh the driver's session, high bits: random per driver
 * @param sessionLow the driver's session, low bits
 * @param turn this call's number in its session, from 0
 * @param issuedMillis when the driver sealed it (wall clock)
 * @param body the encoded call
 * @param mac HMAC-SHA256 of {@link #header(UUID)} and the body; empty when the driver has no secret
 */
public record SealedCall(long sessionHigh, long sessionLow, long turn, long issuedMillis, byte[] body, byte[] mac)
        implements Callable<Object> {

    /**
     * The first byte of a body. A pool task is 2 since it names the task answered before (1 did not): a driver
     * and an agent of different versions refuse each other clearly.
     */
    private static final byte JAVA = 0, POOL_TASK = 2;

    /**
     * Checks the seal, then runs the call with the agent's own class loader as the thread's context loader (the
     * member's threads have the member's, which loads no application class).
     */
    @Override
    public Object call() throws Exception {
        Thread self = Thread.currentThread();
        ClassLoader member = self.getContextClassLoader();
        self.setContextClassLoader(SealedCall.class.getClassLoader());
        try {
            return AgentRuntime.current().gate().open(this).run();
        } finally {
            self.setContextClassLoader(member);
        }
    }

    /** What the MAC covers besides the body: session, turn, time and the target agent's member id. */
    ByteBuffer header(UUID target) {
        return header(sessionHigh, sessionLow, turn, issuedMillis, target);
    }

    private static ByteBuffer header(long sessionHigh, long sessionLow, long turn, long issuedMillis, UUID target) {
        return ByteBuffer.allocate(48).putLong(sessionHigh).putLong(sessionLow).putLong(turn).putLong(issuedMillis)
                .putLong(target.getMostSignificantBits()).putLong(target.getLeastSignificantBits()).flip();
    }

    /** The serializer of sealed calls, with this project's type id. */
    public static FieldSerializer<SealedCall> serializer() {
        return new FieldSerializer<>(SealedCall.class, 0x6d70_0003, (out, s) -> {
            out.writeLong(s.sessionHigh);
            out.writeLong(s.sessionLow);
            out.writeLong(s.turn);
            out.writeLong(s.issuedMillis);
            out.writeByteArray(s.body);
            out.writeByteArray(s.mac);
        }, in -> new SealedCall(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readByteArray(),
                in.readByteArray()));
    }

    /**
     * Seals a driver's calls: one session per context, its turns counted.
     */
    public static final class Sealer {
        private final Secret secret;
        private final long sessionHigh;
        private final long sessionLow;
        private final AtomicLong turns = new AtomicLong();

        /** @param secret the cluster secret, or {@code null} to send calls unsealed (agents without a secret) */
        public Sealer(Secret secret) {
            this.secret = secret;
            SecureRandom random = new SecureRandom();
            this.sessionHigh = random.nextLong();
            this.sessionLow = random.nextLong();
        }

        /**
         * @param call the call
         * @param target the member id of the agent it is for
         * @return the call, sealed for that agent
         */
        public SealedCall seal(Calls.AgentCall<?> call, UUID target) {
            byte[] body = encode(call);
            long turn = turns.getAndIncrement(), issued = System.currentTimeMillis();
            byte[] mac = secret == null ? new byte[0]
                    : secret.mac(header(sessionHigh, sessionLow, turn, issued, target), body);
            return new SealedCall(sessionHigh, sessionLow, turn, issued, body, mac);
        }
    }

    // ---- the body: a pool task field by field (one per task), the other calls with the task codec ----------

    static byte[] encode(Calls.AgentCall<?> call) {
        if (!(call instanceof Calls.RunPoolTask t)) {
            byte[] java = Codec.tasks().encode(call);
            byte[] body = new byte[java.length + 1];
            body[0] = JAVA;
            System.arraycopy(java, 0, body, 1, java.length);
            return body;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + t.work().length
                + (t.items() == null ? 0 : t.items().length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(POOL_TASK);
            out.writeUTF(t.pool());
            out.writeLong(t.taskId());
            out.writeLong(t.answered());
            writeBytes(out, t.work());
            writeBytes(out, t.items());
            out.writeBoolean(t.stateless());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Calls.AgentCall<?> decode(byte[] body) {
        if (body.length == 0 || (body[0] != JAVA && body[0] != POOL_TASK)) {
            throw new IllegalArgumentException("not a call to an agent");
        }
        if (body[0] == JAVA) {
            Object call = Codec.tasks().decode(java.util.Arrays.copyOfRange(body, 1, body.length));
            if (!(call instanceof Calls.AgentCall<?> c)) {
                throw new IllegalArgumentException("not a call to an agent: " + call.getClass().getName());
            }
            return c;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body, 1, body.length - 1))) {
            return new Calls.RunPoolTask(in.readUTF(), in.readLong(), in.readLong(), readBytes(in), readBytes(in),
                    in.readBoolean());
        } catch (IOException e) {
            throw new IllegalArgumentException("a pool task that cannot be read", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        return n < 0 ? null : in.readNBytes(n);
    }
}
