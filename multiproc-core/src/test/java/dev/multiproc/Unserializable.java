package dev.multiproc;

/** Values that JDK serialization refuses. */
final class Unserializable {
    private Unserializable() {
    }

    /** Not {@code Serializable}. */
    static final class Thing {
        @Override
        public String toString() {
            return "thing";
        }
    }

    /** An exception whose field makes it impossible to serialize. */
    static final class Failure extends RuntimeException {
        @SuppressWarnings({"unused", "serial"})
        private final Thing thing = new Thing(); // serializing this exception would throw NotSerializableException

        Failure(String message) {
            super(message);
        }
    }
}
