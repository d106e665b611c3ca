package dev.multiproc.internal.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parent's end of all control links of one context: a Unix-domain socket in a private ({@code 0700})
 * directory. Each launched child gets a one-time token; the child's first frame must carry it, and the
 * connection is then handed to whoever waits for that token.
 *
 * <p>The directory is named {@code multiproc-<pid>-…} so that a later context can sweep the ones whose
 * creator died without cleaning up ({@link #sweepStale}).
 */
final class LinkServer implements AutoCloseable {
    static final String DIR_PREFIX = "multiproc-";

    /**
     * The servers not closed yet, closed at this JVM's exit (a context its program never closed): the accept
     * thread waits in native code, and the JVM's exit waits 300 ms for such threads. The link directories go
     * with the servers; children already connected keep their links. A holder class, so that a JVM that only
     * asks for {@link #dirPrefix()} (a spare's warm-up) gets neither the hook nor the random source.
     */
    private static final class Servers {
        static final Set<LinkServer> OPEN = ConcurrentHashMap.newKeySet();
        static final SecureRandom RANDOM = new SecureRandom();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(LinkServer::close),
                    "multiproc-close-links"));
        }
    }

    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, CompletableFuture<ControlLink>> pending = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LinkServer() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        dir = Files.createTempDirectory(tmp, dirPrefix(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        socket = dir.resolve("link");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Servers.OPEN.add(this);
        Thread.ofPlatform().daemon().name("multiproc-link-accept").start(this::acceptLoop);
    }

    /** {@code multiproc-<pid>-}: how this JVM's link directories begin, so that {@link #sweepStale} knows them. */
    static String dirPrefix() {
        return DIR_PREFIX + ProcessHandle.current().pid() + "-";
    }

    Path directory() {
        return dir;
    }

    Path socket() {
        return socket;
    }

    /** Registers a new child; the future completes when it connects with the returned token. */
    String expect(CompletableFuture<ControlLink> link) {
        String token = HexFormat.of().formatHex(randomBytes());
        pending.put(token, link);
        link.whenComplete((l, e) -> pending.remove(token));
        return token;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        Servers.RANDOM.nextBytes(b);
        return b;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel channel = server.accept();
                // a platform thread: a virtual thread's first blocking read starts the JDK's poller thread, which
                // waits in native code for good and so delays this JVM's exit by 300 ms (VM_Exit's wait)
                Thread.ofPlatform().daemon().name("multiproc-link-hello").start(() -> greet(channel));
            } catch (IOException e) {
                if (!closed) {
                    System.getLogger(LinkServer.class.getName())
                            .log(System.Logger.Level.WARNING, "control link accept failed", e);
                }
                return;
            }
        }
    }

    private void greet(SocketChannel channel) {
        ControlLink link = new ControlLink(channel);
        try {
            if (link.receive() instanceof Frame.Hello(String token, long pid)) {
                CompletableFuture<ControlLink> waiter = pending.remove(token);
                if (waiter != null && waiter.complete(link)) {
                    return;
                }
            }
        } catch (IOException e) {
            // a peer that cannot say hello is not one of ours: drop it
        }
        link.close();
    }

    @Override
    public void close() {
        Servers.OPEN.remove(this);
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // best effort: the directory is removed below either way
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException("context closed")));
        deleteTree(dir);
    }

    /** Removes the link directories of contexts whose process is gone. */
    static void sweepStale() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var entries = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path p : entries) {
                long owner = ownerPid(p.getFileName().toString());
                if (owner > 0 && ProcessHandle.of(owner).isEmpty() && Files.isDirectory(p)) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            // sweeping is a courtesy; a context works without it
        }
    }

    private static long ownerPid(String name) {
        String rest = name.substring(DIR_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // already gone, or not ours to delete; or removed under the walk (the exit hook, another JVM's sweep)
        }
    }
}
