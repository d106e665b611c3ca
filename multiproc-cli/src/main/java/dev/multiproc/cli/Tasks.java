package dev.multiproc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bodies of the tasks that measurements run, as static methods: a lambda that calls one captures only
 * its serializable arguments, so the same task runs in a thread or travels to a child JVM.
 */
final class Tasks {
    private Tasks() {
    }

    /** Does nothing: what start + join of an empty worker measures. */
    static void nothing() {
        // empty on purpose
    }

    /** Says it runs, then idles until the gate opens, the deadline passes or it is interrupted. */
    static void idle(Gate gate, long deadlineMillis) {
        gate.arrive();
        gate.awaitOpen(deadlineMillis);
    }

    /**
     * Says it runs, then burns CPU and clears every interrupt, until the gate opens or the deadline passes: the
     * task that a thread cannot be stopped from running. The deadline is the safety net if nobody opens the gate.
     */
    static void spinIgnoringInterrupts(Gate gate, long deadlineMillis) {
        gate.arrive();
        long sink = 0;
        while (!gate.isOpen() && System.currentTimeMillis() < deadlineMillis) {
            for (int i = 0; i < 100_000; i++) {
                sink += i ^ sink;
            }
            Thread.interrupted(); // clears the flag: this task refuses to stop cooperatively
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loop from being optimized away
        }
    }

    /** Says it runs, then sleeps until the deadline or until interrupted: a cooperative task. */
    static void sleepUntilInterrupted(Gate gate, long deadlineMillis) {
        gate.arrive();
        try {
            Thread.sleep(Math.max(0, deadlineMillis - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            // asked to stop: return, which is what cooperating means
        }
    }

    /**
     * Counts this worker's share of the primes below {@code limit} (see {@link Primes#countShare}) and puts
     * {@code {count, nanoseconds the count took}} in {@code out}. The duration is measured here because only a
     * difference of {@code nanoTime()} within one process means anything.
     */
    static void countPrimes(long limit, int workers, int index, dev.multiproc.Queue<long[]> out) {
        long t0 = System.nanoTime();
        long count = Primes.countShare(limit, workers, index);
        long nanos = System.nanoTime() - t0;
        try {
            out.put(new long[] {count, nanos});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the measurement was abandoned
        }
    }

    /**
     * Waits until another task of the probe has started (or the deadline passes), notes the time, then calls
     * {@code System.exit(code)}: the task that ends its JVM while others are at work. Never returns normally.
     */
    static int exitOnceOthersRun(ExitInTask.Probe probe, int code, long deadlineMillis) {
        while (probe.started().get() == 0 && System.currentTimeMillis() < deadlineMillis) {
            // 1 ms polls: short against the others' work, and no core burnt while a worker JVM still boots
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        probe.exitAtMicros().set(ExitInTask.nowMicros());
        System.exit(code);
        return code; // not reached: System.exit does not return
    }

    /**
     * Says it has started, works (sleeps) {@code millis} and returns {@code id}: a task with a result to lose.
     *
     * @throws InterruptedException if interrupted: a task cut short fails rather than return a result it has not
     *         earned, which the program would count as done
     */
    static int work(ExitInTask.Probe probe, int id, long millis) throws InterruptedException {
        probe.started().incrementAndGet();
        Thread.sleep(millis);
        return id;
    }

    /** Puts the integers from 0 to {@code count - 1} in {@code out}, in order: a producer for queue throughput. */
    static void produce(dev.multiproc.Queue<Integer> out, int count) {
        try {
            for (int i = 0; i < count; i++) {
                out.put(i);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the measurement was abandoned
        }
    }

    /** Sends back every message it receives, {@code count} times: the far end of a pipe round trip. */
    static void echo(dev.multiproc.Connection end, int count) {
        try {
            for (int i = 0; i < count; i++) {
                end.send(end.recv());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes {@code count} arrays from {@code in}: gives the first one back through {@code back} (so the sender
     * can tell whether it is the very same object), answers each other one with its length and three of its
     * bytes (so the copy is checked without sending it back).
     */
    static void receiveArrays(dev.multiproc.Queue<byte[]> in, dev.multiproc.Queue<byte[]> back,
                              dev.multiproc.Queue<long[]> out, int count) {
        try {
            back.put(in.take());
            for (int i = 1; i < count; i++) {
                byte[] a = in.take();
                out.put(new long[] {a.length, a[0], a[a.length / 2], a[a.length - 1]});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers each ping with three bytes read from the shared memory: the reader of a zero-copy share. */
    static void readShared(dev.multiproc.SharedMemory memory, dev.multiproc.Queue<Integer> ping,
                           dev.multiproc.Queue<long[]> out, int count) {
        try {
            java.lang.foreign.MemorySegment s = memory.segment();
            long n = s.byteSize();
            for (int i = 0; i < count; i++) {
                ping.take();
                out.put(new long[] {n, s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0),
                        s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, n / 2),
                        s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, n - 1)});
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes a few warm-up requests, waits for the go signal, then makes {@code requests} requests, one after
     * another, to the slow server on {@code port} of this machine: a byte out, a byte back. The I/O-bound task: nearly all of it is waiting.
     */
    static void slowRequests(int port, dev.multiproc.Event go, int requests) {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            var in = s.getInputStream();
            var out = s.getOutputStream();
            for (int i = 0; i < SlowServer.WARM_UP_REQUESTS + requests; i++) {
                if (i == SlowServer.WARM_UP_REQUESTS) {
                    go.await(); // warmed up: the timed requests start together
                }
                out.write(1);
                out.flush();
                if (in.read() < 0) {
                    throw new java.io.EOFException("the server closed the connection");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
