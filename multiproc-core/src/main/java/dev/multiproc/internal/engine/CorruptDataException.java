package dev.multiproc.internal.engine;

/** Bytes that do not decode into a whole, acceptable value: rejected, never half-read. */
final class CorruptDataException extends IllegalStateException {
    CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
