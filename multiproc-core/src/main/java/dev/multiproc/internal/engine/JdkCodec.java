package dev.multiproc.internal.engine;


import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * JDK serialization behind an {@link ObjectInputFilter}. It serializes every {@code Serializable}
 * lambda and class, which makes it the codec of tasks; the filter bounds what a corrupt or hostile
 * stream can make the reader allocate.
 */
final class JdkCodec implements Codec {
    static final JdkCodec INSTANCE = new JdkCodec();

    /*
     * Limits, not an allow-list: tasks are the user's own classes, sent by the user's own processes
     * (same OS user, private socket). The limits stop a corrupt stream from building huge graphs.
     */
    private static final ObjectInputFilter LIMITS = ObjectInputFilter.Config.createFilter(
            "maxdepth=200;maxrefs=10000000;maxarray=2147483639;!jdk.internal.**;!sun.**");

    private JdkCodec() {
    }

    @Override
    public byte[] encode(Object value) {
        Handoff scope = Handoff.open(false);
        try {
            return serialize(value);
        } catch (RuntimeException | Error e) {
            scope.cancel(); // nothing leaves: holds that handles in the graph took for a receiver are undone
            throw e;
        } finally {
            scope.close();
        }
    }

    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("not serializable: class " + e.getMessage()
                    + " (captured by or reachable from " + describe(value) + ")", e);
        } catch (InvalidClassException e) {
            throw new IllegalArgumentException("not serializable: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialize " + describe(value) + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] data) {
        try (ObjectInputStream in = new ContextClassLoaderInput(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(LIMITS);
            Object value = in.readObject();
            if (in.read() != -1) {
                throw new CorruptDataException("trailing bytes after the encoded value", null);
            }
            return value;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            if (e instanceof CorruptDataException c) {
                throw c;
            }
            throw new CorruptDataException("cannot deserialize: " + e, e);
        }
    }

    static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** Resolves classes through the thread's context loader, where the user's classes are. */
    private static final class ContextClassLoaderInput extends ObjectInputStream {
        ContextClassLoaderInput(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc); // primitives and loaders the context loader cannot see
            }
        }
    }
}
