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
                    out.writeLongArray(a.open());
                }, in -> new HazelcastStore.Apply<>((Op<Object>) in.readObject(), in.readString(), in.readLong(),
                        in.readLongArray())),
                new FieldSerializer<>(HazelcastStore.Count.class, 0x6d70_0102, (out, c) -> {
                    out.writeString(c.endpoint());
                    out.writeInt(c.delta());
                }, in -> new HazelcastStore.Count(in.readString(), in.readInt())),
                new FieldSerializer<>(QueueState.Offer.class, 0x6d70_0103, (out, o) -> {
                    out.writeByteArray(o.item());
                    out.writeInt(o.capacity());
                }, in -> new QueueState.Offer(in.readByteArray(), in.readInt())),
                new FieldSerializer<>(QueueState.Take.class, 0x6d70_0104, (out, t) -> {
                }, in -> QueueState.Take.INSTANCE),
                new FieldSerializer<>(QueueState.PutBack.class, 0x6d70_0105, (out, p) -> out.writeByteArray(p.item()),
                        in -> new QueueState.PutBack(in.readByteArray())),
                new FieldSerializer<>(QueueState.Size.class, 0x6d70_0106, (out, t) -> {
                }, in -> QueueState.Size.INSTANCE));
    }
}
