package dev.multiproc.cluster.internal.store;

import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;

import java.io.IOException;

/**
 * A Hazelcast serializer that writes a type field by field: for the messages sent on every operation, where
 * Java serialization's class descriptors and reflective reads cost more than the operation's own work.
 *
 * @param type the type it serializes
 * @param typeId its id, the same on every member and client
 * @param writer writes the fields
 * @param reader reads them back in the same order
 * @param <T> the type
 */
public record FieldSerializer<T>(Class<T> type, int typeId, Writer<T> writer, Reader<T> reader)
        implements StreamSerializer<T> {

    /** Writes one value's fields. */
    @FunctionalInterface
    public interface Writer<T> {
        void write(ObjectDataOutput out, T value) throws IOException;
    }

    /** Reads one value's fields. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ObjectDataInput in) throws IOException;
    }

    @Override
    public void write(ObjectDataOutput out, T value) throws IOException {
        writer.write(out, value);
    }

    @Override
    public T read(ObjectDataInput in) throws IOException {
        return reader.read(in);
    }

    @Override
    public int getTypeId() {
        return typeId;
    }

    /** This serializer as a member's or client's configuration entry. */
    public SerializerConfig config() {
        return new SerializerConfig().setTypeClass(type).setImplementation(this);
    }
}
