package dev.multiproc.internal.codec;

/** Bytes that do not decode into a whole, acceptable value: rejected, never half-read. */
public final class CorruptDataException extends IllegalStateException {
    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
