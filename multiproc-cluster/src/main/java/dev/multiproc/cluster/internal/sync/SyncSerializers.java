package dev.multiproc.cluster.internal.sync;

import dev.multiproc.cluster.internal.store.FieldSerializer;

import java.util.List;

/**
 * The serializers of the lock's two operations, which travel on every {@code lock}/{@code unlock} (the other
 * primitives' ops keep Java serialization).
 */
public final class SyncSerializers {
    private SyncSerializers() {
    }

    /** @return the serializers, with this project's type ids */
    public static List<FieldSerializer<?>> all() {
        return List.of(
                new FieldSerializer<>(MutexState.Acquire.class, 0x6d70_0201, (out, a) -> {
                    out.writeString(a.me());
                    out.writeLong(a.thread());
                    out.writeInt(a.count());
                    out.writeBoolean(a.reentrant());
                }, in -> new MutexState.Acquire(in.readString(), in.readLong(), in.readInt(), in.readBoolean())),
                new FieldSerializer<>(MutexState.Release.class, 0x6d70_0202, (out, r) -> {
                    out.writeString(r.me());
                    out.writeLong(r.thread());
                    out.writeBoolean(r.reentrant());
                    out.writeBoolean(r.all());
                }, in -> new MutexState.Release(in.readString(), in.readLong(), in.readBoolean(), in.readBoolean())));
    }
}
