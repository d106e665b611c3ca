package dev.multiproc.cluster.internal;

import com.hazelcast.config.SerializationConfig;
import dev.multiproc.cluster.internal.agent.CallSerializers;
import dev.multiproc.cluster.internal.store.FieldSerializer;
import dev.multiproc.cluster.internal.store.StoreSerializers;
import dev.multiproc.cluster.internal.sync.SyncSerializers;

import java.util.List;

/**
 * Every Hazelcast serializer of the cluster engine: the messages sent on each lock operation, store update and
 * pool task are written field by field, not with Java serialization (its class descriptors and reflective
 * reads cost ~15 us per message on an agent, measured; docs/decisions.md). Every member and every client
 * must register the same set: a type id one side does not know cannot be read.
 */
public final class ClusterSerializers {
    private ClusterSerializers() {
    }

    /**
     * Adds every serializer to a member's or a client's configuration.
     *
     * @param config the serialization configuration
     * @return the same configuration
     */
    public static SerializationConfig register(SerializationConfig config) {
        for (List<FieldSerializer<?>> each : List.of(CallSerializers.all(), StoreSerializers.all(),
                SyncSerializers.all())) {
            each.forEach(s -> config.addSerializerConfig(s.config()));
        }
        return config;
    }
}
