package dev.multiproc.cluster.internal.agent;

import dev.multiproc.cluster.internal.store.FieldSerializer;

import java.util.List;

/**
 * The serializers of the two messages of every cluster pool task, {@link Calls.RunPoolTask} and its
 * {@link Calls.Answer}: the Java-serialized record cost 5–9 % of a trivial task's round trip (docs/decisions.md).
 */
public final class PoolCallSerializers {
    private PoolCallSerializers() {
    }

    /** @return the serializers, with this project's type ids */
    public static List<FieldSerializer<?>> all() {
        return List.of(
                new FieldSerializer<>(Calls.RunPoolTask.class, 0x6d70_0001, (out, t) -> {
                    out.writeString(t.pool());
                    out.writeLong(t.taskId());
                    out.writeByteArray(t.work());
                    out.writeByteArray(t.items()); // null for a plain task: the stream keeps it
                    out.writeBoolean(t.stateless());
                }, in -> new Calls.RunPoolTask(in.readString(), in.readLong(), in.readByteArray(), in.readByteArray(),
                        in.readBoolean())),
                new FieldSerializer<>(Calls.Answer.class, 0x6d70_0002, (out, a) -> {
                    out.writeObject(a.value()); // Hazelcast's own serializer for the value's type
                    out.writeObject(a.failure());
                }, in -> new Calls.Answer(in.readObject(), in.readObject())));
    }
}
