package dev.multiproc.cluster.internal.sync;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * Hazelcast serializers for the lock's two operations, which travel on every {@code lock}/{@code unlock}:
 * field by field instead of Java serialization (the other primitives' ops keep Java serialization).
 */
public final class SyncSerializers {
    private static final int ACQUIRE = 0x6d70_0201;
    private static final int RELEASE = 0x6d70_0202;

    private SyncSerializers() {
    }

    /**
     * Adds the serializers to a member's or a client's configuration.
     *
     * @param config the serialization configuration
     * @return the same configuration
     */
    public static SerializationConfig register(SerializationConfig config) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(MutexState.Acquire.class)
                .setImplementation(new AcquireSerializer()));
        config.addSerializerConfig(new SerializerConfig().setTypeClass(MutexState.Release.class)
                .setImplementation(new ReleaseSerializer()));
        return config;
    }

    private static final class AcquireSerializer implements StreamSerializer<MutexState.Acquire> {
        @Override
        public void write(ObjectDataOutput out, MutexState.Acquire a) throws IOException {
            out.writeString(a.me());
            out.writeLong(a.thread());
            out.writeInt(a.count());
            out.writeBoolean(a.reentrant());
        }

        @Override
        public MutexState.Acquire read(ObjectDataInput in) throws IOException {
            return new MutexState.Acquire(in.readString(), in.readLong(), in.readInt(), in.readBoolean());
        }

        @Override
        public int getTypeId() {
            return ACQUIRE;
        }
    }

    private static final class ReleaseSerializer implements StreamSerializer<MutexState.Release> {
        @Override
        public void write(ObjectDataOutput out, MutexState.Release r) throws IOException {
            out.writeString(r.me());
            out.writeLong(r.thread());
            out.writeBoolean(r.reentrant());
            out.writeBoolean(r.all());
        }

        @Override
        public MutexState.Release read(ObjectDataInput in) throws IOException {
            return new MutexState.Release(in.readString(), in.readLong(), in.readBoolean(), in.readBoolean());
        }

        @Override
        public int getTypeId() {
            return RELEASE;
        }
    }
}
