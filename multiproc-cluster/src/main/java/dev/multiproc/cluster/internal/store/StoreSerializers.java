package dev.multiproc.cluster.internal.store;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * Hazelcast serializers for the store's entry processors, which travel on every update (to the key's owner,
 * then to its backup): field by field, the op itself through whatever serializer its type has.
 */
public final class StoreSerializers {
    private static final int APPLY = 0x6d70_0101;
    private static final int COUNT = 0x6d70_0102;

    private StoreSerializers() {
    }

    /**
     * Adds the serializers to a member's or a client's configuration.
     *
     * @param config the serialization configuration
     * @return the same configuration
     */
    public static SerializationConfig register(SerializationConfig config) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(HazelcastStore.Apply.class)
                .setImplementation(new ApplySerializer()));
        config.addSerializerConfig(new SerializerConfig().setTypeClass(HazelcastStore.Count.class)
                .setImplementation(new CountSerializer()));
        return config;
    }

    @SuppressWarnings("rawtypes")
    private static final class ApplySerializer implements StreamSerializer<HazelcastStore.Apply> {
        @Override
        public void write(ObjectDataOutput out, HazelcastStore.Apply a) throws IOException {
            out.writeObject(a.op());
            out.writeString(a.endpoint());
            out.writeLong(a.request());
        }

        @Override
        @SuppressWarnings("unchecked")
        public HazelcastStore.Apply read(ObjectDataInput in) throws IOException {
            return new HazelcastStore.Apply<>((Op<Object>) in.readObject(), in.readString(), in.readLong());
        }

        @Override
        public int getTypeId() {
            return APPLY;
        }
    }

    private static final class CountSerializer implements StreamSerializer<HazelcastStore.Count> {
        @Override
        public void write(ObjectDataOutput out, HazelcastStore.Count c) throws IOException {
            out.writeString(c.endpoint());
            out.writeInt(c.delta());
        }

        @Override
        public HazelcastStore.Count read(ObjectDataInput in) throws IOException {
            return new HazelcastStore.Count(in.readString(), in.readInt());
        }

        @Override
        public int getTypeId() {
            return COUNT;
        }
    }
}
