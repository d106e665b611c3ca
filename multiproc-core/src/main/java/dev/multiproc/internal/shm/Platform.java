package dev.multiproc.internal.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which platform layer the process engine stands on, chosen once per JVM and passed on to its children.
 *
 * <ul>
 *   <li><b>Linux</b>: segments in {@code /dev/shm}, waits on a futex, liveness from {@code /proc}; on the
 *       architectures whose futex system call {@link Futex} knows.
 *   <li><b>Portable</b>: segments as files in a private {@code 0700} directory, waits by a short spin and then
 *       growing sleeps, liveness by a lock each process holds on a file of its own ({@link Self}). Chosen on
 *       every OS but Linux, on a Linux without {@code /dev/shm}, and with {@code -Dmultiproc.platform=portable}.
 * </ul>
 */
public final class Platform {
    /** The system property that forces a mode: {@code portable} or {@code linux}. */
    public static final String PROPERTY = "multiproc.platform";
    /** The system property naming the portable mode's directory: set for children, so they share their parent's. */
    static final String DIR_PROPERTY = "multiproc.platform.dir";

    static final boolean PORTABLE = portableChosen();
    static final Path DIR = PORTABLE ? privateDirectory() : Path.of("/dev/shm");

    private Platform() {
    }

    /** Where segments live: {@code /dev/shm}, or the portable mode's private directory. */
    public static Path directory() {
        return DIR;
    }

    /** Whether this JVM runs the portable mode. */
    public static boolean portable() {
        return PORTABLE;
    }

    /**
     * Fails at once where the process engine cannot run in the mode chosen: a Linux whose architecture's futex
     * system call is unknown (waits there would return at once and spin).
     *
     * @throws IllegalStateException naming the way out
     */
    public static void check() {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            throw new IllegalStateException("the process engine runs on Linux, macOS and other Unix systems; on "
                    + "Windows use Context.threads() or Context.virtualThreads()");
        }
        if (!PORTABLE) {
            checkArchitecture(arch());
        }
    }

    /** Refuses a Linux architecture whose futex system call is not known. */
    static void checkArchitecture(String arch) {
        if (Futex.syscalls(arch) == null) {
            throw new IllegalStateException("the process engine does not know the futex system call of this "
                    + "architecture (" + arch + "); run with -D" + PROPERTY + "=portable to use the portable mode");
        }
    }

    /**
     * Readies the environment of a child JVM about to start: its lifeline stamp in the portable mode.
     *
     * @return what to hand to {@link #childStarted} once it runs
     */
    public static long prepareChild(java.util.Map<String, String> environment) {
        if (!PORTABLE) {
            return 0;
        }
        long stamp = Lifeline.newStamp();
        environment.put(Lifeline.STAMP_ENV, Long.toString(stamp));
        return stamp;
    }

    /** A child JVM readied by {@link #prepareChild} has started. */
    public static void childStarted(Process child, long stamp) {
        if (PORTABLE) {
            Lifeline.childStarted(child, stamp);
        }
    }

    /** A child JVM starts: in the portable mode it takes its lifeline now, before it connects to its parent. */
    public static void childStarting() {
        if (PORTABLE) {
            Lifeline.hold();
        }
    }

    /** What a child JVM needs to stand on the same layer as this one. */
    public static List<String> childFlags() {
        return PORTABLE ? List.of("-D" + PROPERTY + "=portable", "-D" + DIR_PROPERTY + "=" + DIR) : List.of();
    }

    static String arch() {
        return System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    }

    private static boolean portableChosen() {
        String forced = System.getProperty(PROPERTY, "");
        if (forced.equals("portable")) {
            return true;
        }
        if (forced.equals("linux")) {
            return false;
        }
        if (!forced.isEmpty()) {
            throw new IllegalStateException("-D" + PROPERTY + " must be portable or linux: " + forced);
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        return !linux || !Files.isDirectory(Path.of("/dev/shm"));
    }

    /**
     * The portable mode's directory: given by the parent, or {@code multiproc-<user>} in the temporary
     * directory, created {@code 0700}. One that exists must be this user's and closed to others: segments
     * hold every shared object's bytes.
     */
    private static Path privateDirectory() {
        String given = System.getProperty(DIR_PROPERTY);
        Path dir = given != null ? Path.of(given)
                : Path.of(System.getProperty("java.io.tmpdir"), "multiproc-" + System.getProperty("user.name", "user"));
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                checkPrivate(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the process engine's directory " + dir, e);
        }
    }

    private static void checkPrivate(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        String me = System.getProperty("user.name");
        String owner = view.getOwner().getName();
        Set<PosixFilePermission> open = view.readAttributes().permissions();
        open.retainAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE));
        if (!owner.equals(me) || !open.isEmpty()) {
            throw new IllegalStateException("the process engine's directory " + dir + " must belong to " + me
                    + " and be closed to others (0700): owner " + owner + ", open to " + open);
        }
    }
}
