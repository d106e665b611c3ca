package dev.multiproc.cluster.internal.agent;

import dev.multiproc.cluster.internal.store.FieldSerializer;

import java.util.List;

/**
 * The serializers of the calls to agents, {@link SealedCall}, and of a pool task's {@link Calls.Answer}: sent for
 * every cluster pool task, where a Java-serialized record cost 5–9 % of a trivial task's round trip
 * (docs/decisions.md).
 */
public final class CallSerializers {
    private CallSerializers() {
    }

    /** @return the serializers, with this project's type ids */
    public static List<FieldSerializer<?>> all() {
        return List.of(
                SealedCall.serializer(),
                new FieldSerializer<>(Calls.Answer.class, 0x6d70_0002, (out, a) -> {
                    out.writeObject(a.value()); // Hazelcast's own serializer for the value's type
                    out.writeObject(a.failure());
                }, in -> new Calls.Answer(in.readObject(), in.readObject())));
    }
}
