package dev.multiproc.internal.process;

import dev.multiproc.WorkerException;
import dev.multiproc.internal.process.Frame.ExceptionFrame;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of the control link: a Unix-domain socket carrying {@link Frame}s. Writes are atomic per
 * frame (one thread at a time); reads belong to one thread at a time. A {@link #watchable()} link can
 * also be watched by a thread that does not read it (a pool worker's, see {@link ReplyReader}). The link
 * is also the child's lifeline: when the parent dies the kernel closes its end and the child reads
 * end-of-stream.
 *
 * <p>Wire format: {@code [int length][byte kind][body]}, where length counts kind and body. A frame of
 * unknown kind, or whose body does not match its length, is rejected with {@link IOException}.
 */
final class ControlLink implements AutoCloseable {
    static final int MAX_FRAME = Integer.MAX_VALUE - 16;
    private static final int MAX_CAUSES = 32;
    /**
     * The longest text (a failure's message, a class or method name) that travels whole: 16 Mi characters,
     * far above any real message; a longer one arrives cut there. CPython sends the pickled exception whole.
     */
    static final int MAX_TEXT = 16 << 20;
    private static final byte HELLO = 1, TASK = 2, FAILURE = 3, EXITING = 4, SIGNALED = 5, POOL_START = 6, CALL = 7,
            APPLY = 8, CANCEL = 9, STOP = 10, DONE = 11, FAILED = 12, SKIPPED = 13, RETIRE = 14, INTERRUPT = 15;
    private static final int READ_BUFFER = 1 << 16;

    private final SocketChannel channel;
    // replaced once by watchable(), before the link is shared: safely published with the link itself
    private DataInputStream in;
    private OutputStream out;
    private PolledChannel polled;
    private final Object writeLock = new Object();

    ControlLink(SocketChannel channel) {
        this.channel = channel;
        // buffered: a pool's frames come in bursts, and one read takes many of them
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), READ_BUFFER));
        this.out = Channels.newOutputStream(channel);
    }

    /** Writes one frame whole. */
    void send(Frame frame) throws IOException {
        send(List.of(frame));
    }

    /** Writes frames whole, in order, with one write: how a pool sends a batch of tasks. */
    void send(List<? extends Frame> frames) throws IOException {
        Buffer buffer = new Buffer();
        DataOutputStream body = new DataOutputStream(buffer);
        for (Frame frame : frames) {
            int start = buffer.size();
            body.writeInt(0); // length, patched below
            body.writeByte(kind(frame));
            writeBody(frame, body);
            buffer.patchLength(start);
        }
        synchronized (writeLock) {
            buffer.writeTo(out);
        }
    }

    /** Whether a frame, or part of one, or end-of-stream can be read without waiting. */
    boolean hasInput() throws IOException {
        return polled != null ? polled.ready() : in.available() > 0;
    }

    /**
     * Puts the link in non-blocking mode, so that {@link #awaitInput()} can watch it while another thread
     * reads. Call it before the link is shared, when nothing is buffered.
     */
    void watchable() throws IOException {
        if (in.available() > 0) {
            throw new IllegalStateException("input is buffered");
        }
        polled = new PolledChannel(channel);
        in = new DataInputStream(polled.input());
        out = polled.output();
    }

    /** On a {@link #watchable()} link: waits until input (or end-of-stream) may be there; reads nothing. */
    void awaitInput() throws IOException {
        polled.awaitReadable();
    }

    /** On a {@link #watchable()} link: makes a thread waiting in {@link #awaitInput()} return. */
    void wakeWatcher() {
        polled.wakeWatcher();
    }

    /** A byte buffer whose frame lengths can be filled in after their bodies are written. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        void patchLength(int start) {
            int length = count - start - 4;
            buf[start] = (byte) (length >>> 24);
            buf[start + 1] = (byte) (length >>> 16);
            buf[start + 2] = (byte) (length >>> 8);
            buf[start + 3] = (byte) length;
        }
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or {@code null} at end-of-stream between frames
     * @throws IOException if the link broke or the frame is corrupt
     */
    Frame receive() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null; // the peer closed between frames: a clean end
        }
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("corrupt frame: length=" + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("truncated frame: expected=" + length + ", got=" + bytes.length);
        }
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(bytes, 1, length - 1));
        Frame frame = readBody(bytes[0], body);
        if (body.available() != 0) {
            throw new IOException("corrupt frame: kind=" + bytes[0] + ", trailing bytes=" + body.available());
        }
        return frame;
    }

    /*
     * The two methods below are instanceof chains, not pattern switches: a JVM's first pattern switch spins a
     * class at run time (measured 6-15 ms, with or without the AOT cache), and every child and every parent
     * meets this code on its start-up path.
     */
    private static byte kind(Frame frame) {
        if (frame instanceof Frame.Hello) {
            return HELLO;
        } else if (frame instanceof Frame.Task) {
            return TASK;
        } else if (frame instanceof Frame.Failure) {
            return FAILURE;
        } else if (frame instanceof Frame.Exiting) {
            return EXITING;
        } else if (frame instanceof Frame.Signaled) {
            return SIGNALED;
        } else if (frame instanceof Frame.PoolStart) {
            return POOL_START;
        } else if (frame instanceof Frame.Call) {
            return CALL;
        } else if (frame instanceof Frame.Apply) {
            return APPLY;
        } else if (frame instanceof Frame.Cancel) {
            return CANCEL;
        } else if (frame instanceof Frame.Stop) {
            return STOP;
        } else if (frame instanceof Frame.Done) {
            return DONE;
        } else if (frame instanceof Frame.Failed) {
            return FAILED;
        } else if (frame instanceof Frame.Skipped) {
            return SKIPPED;
        } else if (frame instanceof Frame.Retire) {
            return RETIRE;
        } else if (frame instanceof Frame.Interrupt) {
            return INTERRUPT;
        }
        throw new IllegalArgumentException("not a frame kind: " + frame);
    }

    private static void writeBody(Frame frame, DataOutputStream out) throws IOException {
        if (frame instanceof Frame.Hello h) {
            writeString(h.token(), out);
            out.writeLong(h.pid());
        } else if (frame instanceof Frame.Task t) {
            writeString(t.workerName(), out);
            writeBytes(t.payload(), out);
        } else if (frame instanceof Frame.Failure f) {
            writeException(f.exception(), out);
        } else if (frame instanceof Frame.Signaled s) {
            out.writeInt(s.signal());
        } else if (frame instanceof Frame.PoolStart p) {
            writeString(p.workerName(), out);
            out.writeInt(p.index());
            writeBytes(p.initializer(), out);
        } else if (frame instanceof Frame.Call c) {
            out.writeLong(c.id());
            writeBytes(c.payload(), out);
        } else if (frame instanceof Frame.Apply a) {
            out.writeLong(a.id());
            out.writeLong(a.functionId());
            writeBytes(a.function(), out);
            writeList(a.items(), out);
        } else if (frame instanceof Frame.Cancel c) {
            out.writeLong(c.id());
            out.writeBoolean(c.interrupt());
        } else if (frame instanceof Frame.Done d) {
            out.writeLong(d.id());
            writeList(d.values(), out);
        } else if (frame instanceof Frame.Failed f) {
            out.writeLong(f.id());
            writeException(f.exception(), out);
        } else if (frame instanceof Frame.Skipped s) {
            out.writeLong(s.id());
        } // Exiting, Stop, Retire and Interrupt have no body
    }

    private static Frame readBody(byte kind, DataInputStream in) throws IOException {
        return switch (kind) {
            case HELLO -> new Frame.Hello(readString(in), in.readLong());
            case TASK -> new Frame.Task(readString(in), readBytes(in));
            case FAILURE -> new Frame.Failure(readException(in, 0));
            case EXITING -> new Frame.Exiting();
            case SIGNALED -> new Frame.Signaled(in.readInt());
            case POOL_START -> new Frame.PoolStart(readString(in), in.readInt(), readBytes(in));
            case CALL -> new Frame.Call(in.readLong(), readBytes(in));
            case APPLY -> new Frame.Apply(in.readLong(), in.readLong(), readBytes(in), readList(in));
            case CANCEL -> new Frame.Cancel(in.readLong(), in.readBoolean());
            case STOP -> new Frame.Stop();
            case DONE -> new Frame.Done(in.readLong(), readList(in));
            case FAILED -> new Frame.Failed(in.readLong(), readException(in, 0));
            case SKIPPED -> new Frame.Skipped(in.readLong());
            case RETIRE -> new Frame.Retire();
            case INTERRUPT -> new Frame.Interrupt();
            default -> throw new IOException("corrupt frame: unknown kind=" + kind);
        };
    }

    private static void writeBytes(byte[] bytes, DataOutputStream out) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeList(List<byte[]> list, DataOutputStream out) throws IOException {
        out.writeInt(list.size());
        for (byte[] b : list) {
            writeBytes(b, out);
        }
    }

    private static List<byte[]> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available() / 4) { // each element takes at least its 4-byte length
            throw new IOException("corrupt frame: list length=" + n);
        }
        List<byte[]> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readBytes(in));
        }
        return list;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("corrupt frame: payload length=" + n);
        }
        return in.readNBytes(n);
    }

    // Strings only, so that any exception can be described.
    private static void writeException(ExceptionFrame e, DataOutputStream out) throws IOException {
        writeString(clip(e.className()), out);
        writeOptional(e.message(), out);
        out.writeInt(e.frames().size());
        for (StackTraceElement f : e.frames()) {
            writeOptional(f.getClassLoaderName(), out);
            writeOptional(f.getModuleName(), out);
            writeOptional(f.getModuleVersion(), out);
            writeString(clip(f.getClassName()), out);
            writeString(clip(f.getMethodName()), out);
            writeOptional(f.getFileName(), out);
            out.writeInt(f.getLineNumber());
        }
        out.writeBoolean(e.cause() != null);
        if (e.cause() != null) {
            writeException(e.cause(), out);
        }
    }

    private static ExceptionFrame readException(DataInputStream in, int depth) throws IOException {
        if (depth > MAX_CAUSES) {
            throw new IOException("corrupt frame: cause chain deeper than " + MAX_CAUSES);
        }
        String className = readString(in);
        String message = readOptional(in);
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("corrupt frame: frame count=" + count);
        }
        List<StackTraceElement> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String loader = readOptional(in), module = readOptional(in), version = readOptional(in);
            String cls = readString(in), method = readString(in), file = readOptional(in);
            frames.add(new StackTraceElement(loader, module, version, cls, method, file, in.readInt()));
        }
        ExceptionFrame cause = in.readBoolean() ? readException(in, depth + 1) : null;
        return new ExceptionFrame(className, message, frames, cause);
    }

    private static void writeOptional(String s, DataOutputStream out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(clip(s), out);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    /** Cuts a text longer than {@link #MAX_TEXT} characters there, saying how much was cut. */
    static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "... [" + (s.length() - MAX_TEXT)
                + " characters cut]";
    }

    /** A string as its UTF-8 length and bytes: no limit but the frame's (writeUTF stops at 64 KiB). */
    private static void writeString(String s, DataOutputStream out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) { // the body is in memory: available() is what is left of the frame
            throw new IOException("corrupt frame: string length=" + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** Describes a throwable with strings only; the cause chain stops at a cycle or at depth 32. */
    static ExceptionFrame describe(Throwable t) {
        return describe(t, 0);
    }

    private static ExceptionFrame describe(Throwable t, int depth) {
        Throwable cause = t.getCause();
        ExceptionFrame c = cause == null || cause == t || depth >= MAX_CAUSES ? null : describe(cause, depth + 1);
        String className = t instanceof WorkerException w ? w.remoteClassName() : t.getClass().getName();
        return new ExceptionFrame(className, safeMessage(t), List.of(t.getStackTrace()), c);
    }

    private static String safeMessage(Throwable t) {
        try {
            return t.getMessage();
        } catch (RuntimeException e) {
            return "(getMessage() threw " + e.getClass().getName() + ")"; // a broken exception is still reported
        }
    }

    /** Rebuilds the parent-side exception from its description. */
    static WorkerException rebuild(ExceptionFrame e) {
        WorkerException cause = e.cause() == null ? null : rebuild(e.cause());
        return new WorkerException(e.className(), e.message(), e.frames().toArray(StackTraceElement[]::new), cause);
    }

    @Override
    public void close() {
        try (PolledChannel p = polled) {
            channel.close();
        } catch (IOException e) {
            // nothing to do: closing is best effort, the peer sees end-of-stream either way
        }
    }
}
