package dev.multiproc.internal.process;

import dev.multiproc.internal.engine.ChildHook;
import dev.multiproc.internal.engine.Codec;
import dev.multiproc.internal.engine.CurrentWorker;
import dev.multiproc.internal.shm.Platform;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The entry point of a child JVM: connects to the parent, takes one task (or serves a pool), runs it, and
 * reports how the JVM ends. Arguments: the path of the parent's link socket, then {@code --spare} for a warm spare (or
 * {@code --train} alone for the AOT cache's training run); the token comes in the environment.
 */
/*
 * Implementation notes.
 *
 * Life of a child:
 *   1. connect and say Hello(token, pid); install the reporters (signal handlers, a shutdown hook) and
 *      the lifeline (a daemon reading the link: end-of-stream means the parent is gone -> halt);
 *   2. wait for Task, or PoolStart (a warm spare waits here, warming the deserialization path meanwhile);
 *   3. run the task on the main thread, so that non-daemon threads it starts keep the JVM alive as in
 *      any Java program; an uncaught exception is reported as Failure, then rethrown (printed, exit 1).
 *      After PoolStart the child is a pool's worker instead: see PoolChild.
 * Reports: Signaled(N) from a handler of SIGTERM/SIGHUP before the JVM's own handling (SIGINT is ignored);
 * Exiting from a shutdown hook. SIGKILL reports nothing, which is how the parent recognises it.
 * A second watchdog checks the parent's pid every second, in case the link ever outlives it.
 * The shutdown hook closes the link after its report: see the comment there for the 300 ms it saves.
 */
final class ChildMain {
    private static final PrintStream STDERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
    private static final int LOST_PARENT = 70; // nobody reads it: the parent is gone
    private static volatile boolean exiting;

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args[0].equals(ChildCommand.TRAIN)) {
            train();
            return;
        }
        if (args.length > 1 && args[1].equals(ChildCommand.SPARE)) {
            warmUp(); // before connecting, so that a connected spare is a warm one; a cold child skips it
        }
        Platform.childStarting(); // its proof of life exists before its parent can hand it anything
        ControlLink link = connect(Path.of(args[0]), System.getenv(ChildCommand.TOKEN_ENV));
        reportEndings(link);
        Frame first = awaitWork(link);
        watchParentPid();
        if (first instanceof Frame.PoolStart start) {
            PoolChild.serve(link, start); // reads the link itself: it is the lifeline too
            return;
        }
        Frame.Task task = (Frame.Task) first;
        readLifeline(link, Thread.currentThread());
        Thread.currentThread().setName(task.workerName());
        CurrentWorker.setProcess(task.workerName(), -1);
        Runnable target;
        try {
            target = (Runnable) Codec.tasks().decode(task.payload());
        } catch (RuntimeException e) {
            report(link, e);
            throw e;
        }
        run(link, target);
    }

    /**
     * Runs the task path once before a spare waits for its task: the first lambda (de)serialization in a
     * JVM loads and links a few hundred classes, which a warm spare should not pay after the hand-off.
     */
    private static void warmUp() {
        try {
            dev.multiproc.SerializableRunnable probe = ChildMain::noop;
            ((Runnable) Codec.tasks().decode(Codec.tasks().encode(probe))).run();
            closeWhileReading();
            dev.multiproc.internal.shm.ShmPrimitives.warmUp(); // the linker's first downcall handle: 70-170 ms
            ChildHook.runSpareWaiting(); // engines' own preparation: a spare of a cluster agent connects ahead
        } catch (RuntimeException | IOException | InterruptedException e) {
            // warming is an optimisation: the real task reports its own errors
        }
    }

    /**
     * Closes a socket that a thread is blocked reading, as the shutdown hook does with the link: the first
     * time in a JVM that path loads and links its classes (measured ~10 ms), which a spare does ahead.
     */
    private static void closeWhileReading() throws IOException, InterruptedException {
        SocketChannel[] pair = connectedPair();
        try (SocketChannel accepted = pair[1]) {
            ControlLink link = new ControlLink(pair[0]);
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    link.receive();
                } catch (IOException expected) {
                    // closed under it: the point of the exercise
                }
            });
            while (reader.getState() != Thread.State.RUNNABLE) {
                Thread.onSpinWait();
            }
            Thread.sleep(1); // let it enter the read
            link.close();
            reader.join();
        }
    }

    /** Two connected Unix-domain sockets (the JDK has no socketpair): a client end and its accepted end. */
    private static SocketChannel[] connectedPair() throws IOException {
        // named as a link directory: a JVM killed before the finally below leaves it to the sweep
        Path dir = java.nio.file.Files.createTempDirectory(LinkServer.dirPrefix() + "pair-");
        Path socket = dir.resolve("s");
        try (var server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
            client.connect(UnixDomainSocketAddress.of(socket));
            return new SocketChannel[] {client, server.accept()};
        } finally {
            java.nio.file.Files.deleteIfExists(socket); // connected sockets do not need the file
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    private static void noop() {
    }

    /**
     * The AOT cache's training run: the start-up path of a real child (link, frames, signal handlers,
     * lambda decoding) against a link to itself, then the engines' ({@link ChildHook#train()}), so that those
     * classes are loaded and linked ahead.
     */
    private static void train() throws IOException {
        SocketChannel[] pair = connectedPair();
        try (ControlLink child = new ControlLink(pair[0]); ControlLink parent = new ControlLink(pair[1])) {
            child.send(new Frame.Hello("train", ProcessHandle.current().pid()));
            parent.receive();
            reportEndings(child); // a short-lived JVM of our own: its handlers and hook do no harm
            dev.multiproc.SerializableRunnable probe = ChildMain::noop;
            parent.send(new Frame.Task("train", Codec.tasks().encode(probe)));
            Frame.Task task = (Frame.Task) child.receive();
            ((Runnable) Codec.tasks().decode(task.payload())).run();
            child.send(new Frame.Failure(ControlLink.describe(new IllegalStateException("train"))));
            child.send(new Frame.Exiting());
            parent.receive();
            parent.receive();
        }
        try {
            closeWhileReading();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dev.multiproc.internal.shm.ShmPrimitives.warmUp();
        ChildHook.runTraining(); // the engines' own first steps in a child (a cluster agent's: its client)
    }

    private static ControlLink connect(Path socket, String token) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            Runtime.getRuntime().halt(LOST_PARENT); // the parent is gone before we started: nothing to do
        }
        ControlLink link = new ControlLink(channel);
        link.send(new Frame.Hello(token == null ? "" : token, ProcessHandle.current().pid()));
        return link;
    }

    /**
     * Installs the reporters of how the JVM ends: SIGTERM and SIGHUP are reported, then handled as the JVM does;
     * SIGINT is ignored, because a terminal's Ctrl-C reaches the whole process group and the parent's own
     * shutdown stops its children in order (see {@link ChildJvm#stopAllAtExit()}).
     */
    private static void reportEndings(ControlLink link) {
        Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        for (String name : new String[] {"TERM", "HUP"}) {
            Signal signal = new Signal(name);
            var previous = new sun.misc.SignalHandler[1];
            previous[0] = Signal.handle(signal, s -> {
                sendQuietly(link, new Frame.Signaled(s.getNumber()));
                previous[0].handle(s); // the JVM's own handling: shutdown hooks, then exit 128+N
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exiting = true;
            sendQuietly(link, new Frame.Exiting());
            // Measured: the JVM's exit waits up to 300 ms for threads blocked in native code, such as the
            // lifeline's read. Closing the link wakes it, and the parent sees end-of-stream at once.
            link.close();
        }, "multiproc-exit-report"));
    }

    /** Whether the JVM is exiting normally: a closed link then means nothing. */
    static boolean exiting() {
        return exiting;
    }

    /** The first frame after the hello: one task (a worker), or the start of a pool worker. */
    private static Frame awaitWork(ControlLink link) {
        try {
            Frame f = link.receive();
            if (f instanceof Frame.Task || f instanceof Frame.PoolStart) {
                return f;
            }
        } catch (IOException e) {
            // a reset link: the same as end-of-stream below
        }
        Runtime.getRuntime().halt(LOST_PARENT); // a spare whose context closed, or a parent that died
        throw new AssertionError("unreachable");
    }

    /**
     * The lifeline: end-of-stream means the parent died, even by SIGKILL. It also carries the parent's
     * interrupts for the task's thread ({@code Worker.interrupt()}).
     */
    private static void readLifeline(ControlLink link, Thread task) {
        Thread.ofPlatform().daemon().name("multiproc-lifeline").start(() -> {
            try {
                for (Frame f = link.receive(); f != null; f = link.receive()) {
                    if (f instanceof Frame.Interrupt) {
                        task.interrupt();
                    }
                }
            } catch (IOException e) {
                // broken link: same as end-of-stream
            }
            if (!exiting) { // closed by our own shutdown hook: the JVM is ending anyway
                Runtime.getRuntime().halt(LOST_PARENT);
            }
        });
    }

    /** The backup check: a parent that is gone while the link somehow lives on. */
    private static void watchParentPid() {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        Thread.ofPlatform().daemon().name("multiproc-parent-watch").start(() -> {
            while (parent != null && parent.isAlive()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(LOST_PARENT);
        });
    }

    private static void run(ControlLink link, Runnable target) {
        try {
            target.run();
        } catch (Throwable t) {
            report(link, t);
            throw t; // printed on the child's stderr as any uncaught exception; the JVM exits with 1
        }
    }

    private static void report(ControlLink link, Throwable t) {
        sendQuietly(link, new Frame.Failure(ControlLink.describe(t)));
    }

    private static void sendQuietly(ControlLink link, Frame frame) {
        try {
            link.send(frame);
        } catch (IOException e) {
            // the link is gone, so is the parent: nobody is left to tell
        } catch (RuntimeException e) {
            STDERR.println("multiproc: cannot report " + frame.getClass().getSimpleName() + " to the parent: " + e);
        }
    }
}
