package dev.multiproc.bench;

import dev.multiproc.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Uncontended lock + unlock by one thread: {@code Context.processes().lock()} (a lock word in shared memory)
 * against {@link ReentrantLock} in the same run (goal: at most 2x), and the thread engine's lock. Each engine
 * runs in its own fork, so the call site stays monomorphic. Also: an {@code RLock} taken twice (reentrant),
 * {@code tryLock} + unlock, and an atomic increment of a {@code SharedLong} ({@code AtomicLong} for the baseline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LockBenchmark {
    @Param({"reentrantlock", "thread", "process"})
    public String engine;

    private Context ctx;
    private Lock lock;
    private Lock rlock;
    private LongSupplier increment;
    private long plain;

    @Setup(Level.Trial)
    public void open() {
        switch (engine) {
            case "reentrantlock" -> {
                lock = new ReentrantLock();
                rlock = new ReentrantLock();
                increment = new AtomicLong()::incrementAndGet;
            }
            case "thread" -> ctx = Context.threads();
            case "process" -> ctx = Context.processes();
            default -> throw new IllegalArgumentException(engine);
        }
        if (ctx != null) {
            lock = ctx.lock();
            rlock = ctx.rlock();
            increment = ctx.sharedLong(0)::incrementAndGet;
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** The figure the issue asks for: one uncontended lock + unlock, plus a trivial critical section. */
    @Benchmark
    public long lockUnlock() {
        lock.lock();
        try {
            return ++plain;
        } finally {
            lock.unlock();
        }
    }

    /** A reentrant lock taken twice and released twice (Python's RLock; ReentrantLock for the baseline). */
    @Benchmark
    public long rlockReentered() {
        rlock.lock();
        try {
            rlock.lock();
            try {
                return ++plain;
            } finally {
                rlock.unlock();
            }
        } finally {
            rlock.unlock();
        }
    }

    /** tryLock + unlock: the non-blocking path only. */
    @Benchmark
    public boolean tryLockUnlock() {
        boolean got = lock.tryLock();
        if (got) {
            lock.unlock();
        }
        return got;
    }

    /** One atomic increment of a shared value (the lock-free alternative to a locked {@code v += 1}). */
    @Benchmark
    public long sharedLongIncrement() {
        return increment.getAsLong();
    }
}
