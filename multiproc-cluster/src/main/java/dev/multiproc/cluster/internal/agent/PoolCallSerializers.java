package dev.multiproc.cluster.internal.agent;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * Hazelcast serializers for the two messages of every cluster pool task, {@link Calls.RunPoolTask} and its
 * {@link Calls.Answer}: field by field instead of Java serialization, whose class descriptors and reflection
 * measured at ~10 % of a trivial task's round trip (docs/decisions.md). Drivers and agents must both
 * register them ({@link #register}); the type ids are this project's.
 */
public final class PoolCallSerializers {
    private static final int RUN_POOL_TASK = 0x6d70_0001;
    private static final int ANSWER = 0x6d70_0002;

    private PoolCallSerializers() {
    }

    /**
     * Adds the serializers to a member's or a client's configuration.
     *
     * @param config the serialization configuration
     * @return the same configuration
     */
    public static SerializationConfig register(SerializationConfig config) {
        config.addSerializerConfig(new SerializerConfig().setTypeClass(Calls.RunPoolTask.class)
                .setImplementation(new RunPoolTaskSerializer()));
        config.addSerializerConfig(new SerializerConfig().setTypeClass(Calls.Answer.class)
                .setImplementation(new AnswerSerializer()));
        return config;
    }

    private static final class RunPoolTaskSerializer implements StreamSerializer<Calls.RunPoolTask> {
        @Override
        public void write(ObjectDataOutput out, Calls.RunPoolTask t) throws IOException {
            out.writeString(t.pool());
            out.writeLong(t.taskId());
            out.writeByteArray(t.work());
            out.writeByteArray(t.items()); // null for a plain task: the stream keeps it
        }

        @Override
        public Calls.RunPoolTask read(ObjectDataInput in) throws IOException {
            return new Calls.RunPoolTask(in.readString(), in.readLong(), in.readByteArray(), in.readByteArray());
        }

        @Override
        public int getTypeId() {
            return RUN_POOL_TASK;
        }
    }

    private static final class AnswerSerializer implements StreamSerializer<Calls.Answer> {
        @Override
        public void write(ObjectDataOutput out, Calls.Answer a) throws IOException {
            out.writeObject(a.value()); // Hazelcast's own serializer for the value's type
            out.writeObject(a.failure());
        }

        @Override
        public Calls.Answer read(ObjectDataInput in) throws IOException {
            return new Calls.Answer(in.readObject(), in.readObject());
        }

        @Override
        public int getTypeId() {
            return ANSWER;
        }
    }
}
