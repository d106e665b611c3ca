package dev.multiproc.cluster.internal.store;

import java.util.List;

/**
 * The serializers of the store's entry processors, which travel on every update (to the key's owner, then to
 * its backup); the op itself goes through whatever serializer its type has.
 */
public final class StoreSerializers {
    private StoreSerializers() {
    }

    /** @return the serializers, with this project's type ids */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static List<FieldSerializer<?>> all() {
        return List.of(
                new FieldSerializer<>(HazelcastStore.Apply.class, 0x6d70_0101, (out, a) -> {
                    out.writeObject(a.op());
                    out.writeString(a.endpoint());
                    out.writeLong(a.request());
                }, in -> new HazelcastStore.Apply<>((Op<Object>) in.readObject(), in.readString(), in.readLong())),
                new FieldSerializer<>(HazelcastStore.Count.class, 0x6d70_0102, (out, c) -> {
                    out.writeString(c.endpoint());
                    out.writeInt(c.delta());
                }, in -> new HazelcastStore.Count(in.readString(), in.readInt())));
    }
}
