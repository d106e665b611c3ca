package dev.multiproc.cluster.internal.agent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The cluster secret: a key that the driver and the agents read from a file only its owner can read, with
 * which every call to an agent is sealed ({@link SealedCall}). Never taken from a command line, where other
 * users of the host can read it ({@code ps}).
 */
public final class Secret {
    /** The shortest key accepted: 128 bits. */
    static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    private Secret(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * Reads the secret from a file: its bytes, without trailing white space (a line written by {@code echo} or
     * {@code base64} keeps its meaning).
     *
     * @param file a file that neither its group nor others may read or write (where the file system has POSIX
     *        permissions)
     * @return the secret
     * @throws IllegalArgumentException if the file cannot be read, is open to others, or holds fewer than 16 bytes
     */
    public static Secret read(Path file) {
        byte[] bytes;
        try {
            requirePrivate(file);
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the cluster secret " + file + ": " + e, e);
        }
        int end = bytes.length;
        while (end > 0 && Character.isWhitespace(bytes[end - 1])) {
            end--;
        }
        if (end < MIN_BYTES) {
            throw new IllegalArgumentException("the cluster secret " + file + " holds " + end
                    + " bytes; it needs at least " + MIN_BYTES + " (e.g. head -c 32 /dev/urandom | base64 > FILE)");
        }
        return new Secret(Arrays.copyOf(bytes, end));
    }

    /**
     * Writes a new random secret (256 bits, base64) to a new file that only its owner can read.
     *
     * @param file where; must not exist
     * @return the secret
     */
    public static Secret create(Path file) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] text = java.util.Base64.getEncoder().encode(key);
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(file);
            }
            Files.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a cluster secret to " + file, e);
        }
        return new Secret(text);
    }

    private static void requirePrivate(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(view.readAttributes().permissions());
        open.retainAll(OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("the cluster secret " + file + " may be read or written by others "
                    + PosixFilePermissions.toString(view.readAttributes().permissions())
                    + ": make it private (chmod 600)");
        }
    }

    /**
     * The MAC of a call: over its header, then its body.
     *
     * @param header the fields that bind the call to its session, its turn, its time and its target
     * @param body the encoded call
     * @return 32 bytes
     */
    byte[] mac(ByteBuffer header, byte[] body) {
        Mac mac = macs.get();
        mac.update(header);
        mac.update(body);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }
}
