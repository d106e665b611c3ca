package dev.multiproc.internal.shm;

import dev.multiproc.JoinableQueue;
import dev.multiproc.internal.engine.Bell;
import dev.multiproc.internal.engine.Handoff;
import dev.multiproc.internal.engine.MessageCodec;
import dev.multiproc.internal.engine.Waitable;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A queue between any threads and processes: a {@link ShmRing} under a robust {@link ShmLock}, with two
 * conditions for waiting. Also the {@link JoinableQueue}: a count of unfinished tasks and a third
 * condition.
 *
 * <pre>
 *   0            8            16         20
 *  +------------+------------+----------+------------+
 *  | ring head  | ring tail  | count    | unfinished |
 *  +------------+------------+----------+------------+
 * </pre>
 */
/*
 * Implementation notes.
 *
 * Messages are encoded in the caller's thread before the lock is taken, so a bad message fails there
 * and nothing is half-written; they are decoded after the lock is released. Under the lock a put copies
 * bytes into the ring and then moves the tail; a take copies bytes out and then moves the head. The lock
 * is taken over if its holder dies (ShmMutex): a producer that died mid-copy never moved the tail, a
 * consumer that died mid-copy never moved the head, so the ring is consistent whatever the moment of
 * death. A message larger than a quarter of the ring travels in a transfer segment whose name is what
 * the ring holds; its reader unlinks it.
 * An unbounded queue whose ring is full goes on in an overflow chain of large blocks (ShmOverflow), so a
 * producer far ahead of its consumers costs files in proportion to the bytes waiting, not to the messages.
 * While the chain is not empty every new item joins it, and consumers empty the ring first, so the order
 * stays FIFO; once it drains, items go to the ring again.
 */
final class ShmQueue<T> extends ShmObject implements JoinableQueue<T>, Waitable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long HEAD = 0, TAIL = 8, COUNT = 16, UNFINISHED = 20, SIZE = 64;
    private static final AtomicLong QUEUE_IDS = new AtomicLong();
    private static final long RING_BYTES = 4 << 20;
    /*
     * Measured (pipe ping-pong, 2 cores): a futex wake-up of a sleeping process costs ~50 us here, so a
     * consumer that sleeps at once makes a round trip ~80-110 us; spinning 100 us gave 1.7 us in one run
     * and 59 us in the next (spin-then-sleep is bistable), 300 us gave 18 us. 200 us: a compromise until
     * the spin adapts.
     */
    private static final long CONSUMER_SPIN_NANOS = 200_000;
    private static final AtomicLong TRANSFERS = new AtomicLong();

    private final int maxItems;
    private final boolean joinable; // only a joinable queue counts unfinished items: one atomic less per put
    private final ShmRing ring;
    private final ShmLock lock;
    private final ShmCondition notEmpty;
    private final ShmCondition notFull;
    private final ShmCondition allDone;
    private final String transferPrefix;
    private final ShmOverflow overflow;
    private transient volatile boolean closed;

    ShmQueue(ShmHeap heap, int maxItems, boolean joinable) {
        super(heap.allocate(SIZE));
        this.maxItems = maxItems;
        this.joinable = joinable;
        this.ring = new ShmRing(heap, RING_BYTES);
        this.lock = new ShmLock(heap);
        this.notEmpty = ShmCondition.create(heap, lock);
        this.notFull = ShmCondition.create(heap, lock);
        this.allDone = ShmCondition.create(heap, lock);
        this.transferPrefix = heap.prefix();
        this.overflow = new ShmOverflow(heap, heap.prefix() + "q" + QUEUE_IDS.incrementAndGet() + "o");
    }

    private boolean unbounded() {
        return maxItems == Integer.MAX_VALUE;
    }

    @Override
    public void put(T item) throws InterruptedException {
        offer(item, Long.MAX_VALUE);
    }

    @Override
    public boolean offer(T item) {
        try {
            return offer(item, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(T item, Duration timeout) throws InterruptedException {
        return offer(item, timeout.toNanos());
    }

    private boolean offer(T item, long timeoutNanos) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("queue is closed in this process");
        }
        try (Handoff handoff = Handoff.open(false)) {
            boolean sent = false;
            try {
                sent = offerEncoded(MessageCodec.INSTANCE.encode(item), timeoutNanos); // a bad item fails here
                return sent;
            } finally {
                if (!sent) {
                    handoff.cancel(); // the item never left: pipe ends in it are not in transit
                }
            }
        }
    }

    private boolean offerEncoded(byte[] message, long timeoutNanos) throws InterruptedException {
        byte[] inline = message.length > ring.inlineLimit() ? spill(message) : null;
        long deadline = deadline(timeoutNanos);
        lockAndRepair();
        try {
            while (!tryAppend(inline != null ? inline : message, inline != null)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    discard(inline);
                    return false;
                }
                awaitAndRepair(notFull, left);
            }
        } catch (InterruptedException | RuntimeException e) {
            discard(inline);
            throw e;
        } finally {
            lock.unlock();
        }
        notEmpty.signalAfterUnlock(); // a consumer waiting now counted itself under the lock: it gets a ticket
        return true;
    }

    /** Appends under the lock if the count and the ring allow; an unbounded queue overflows instead of waiting. */
    private boolean tryAppend(byte[] record, boolean spilled) {
        if (getInt(COUNT) >= maxItems) {
            return false;
        }
        long next = overflow.isEmpty() ? ring.append(getLong(HEAD), getLong(TAIL), record, spilled) : -1;
        if (next >= 0) {
            setLong(TAIL, next); // publishes the record: the writer's last step
        } else if (unbounded()) {
            overflow.append(record, spilled);
        } else {
            return false;
        }
        addInt(COUNT, 1);
        if (joinable) {
            addInt(UNFINISHED, 1);
        }
        return true;
    }

    private byte[] spill(byte[] message) {
        String name = transferPrefix + "x" + Self.PID + "_" + TRANSFERS.incrementAndGet();
        try (Segment s = Segments.createTransfer(name, message.length)) {
            MemorySegment.copy(message, 0, s.memory(), ValueLayout.JAVA_BYTE, 0, message.length);
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static void discard(byte[] spillName) {
        if (spillName != null) {
            Segment.unlink(new String(spillName, StandardCharsets.UTF_8));
        }
    }

    @Override
    public T take() throws InterruptedException {
        return poll(Long.MAX_VALUE);
    }

    @Override
    public T poll() {
        try {
            return poll(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public T poll(Duration timeout) throws InterruptedException {
        return poll(timeout.toNanos());
    }

    @SuppressWarnings("unchecked")
    private T poll(long timeoutNanos) throws InterruptedException {
        Object item = pollOr(timeoutNanos, null);
        return (T) item;
    }

    /**
     * Removes the oldest item, waiting at most {@code timeoutNanos}.
     *
     * @return the item, or {@code none} if none came in time (so that a {@code null} item can be told apart)
     */
    Object pollOr(long timeoutNanos, Object none) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        spinForItem(deadline);
        ShmRing.Record r;
        lockAndRepair();
        try {
            while (getInt(COUNT) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return none;
                }
                awaitAndRepair(notEmpty, left);
            }
            r = getLong(HEAD) != getLong(TAIL) ? takeFromRing() : overflow.take();
            addInt(COUNT, -1);
        } finally {
            lock.unlock();
        }
        if (maxItems != Integer.MAX_VALUE || getInt(COUNT) > 0) {
            notFull.signalAfterUnlock(); // producers wait for room only in a bounded (or full) queue
        }
        return MessageCodec.INSTANCE.decode(r.spilled() ? unspill(r.spillName()) : r.payload());
    }

    /**
     * Takes the lock; if it was taken over from a process that died holding it, the count may be one off
     * (positions and count are separate words), so it is recounted from the positions, which are the truth.
     */
    private void lockAndRepair() throws InterruptedException {
        lock.lockInterruptibly();
        repairIfTakenOver();
    }

    /** Waits on a condition of this queue's lock; re-taking the lock may be a takeover too. */
    private void awaitAndRepair(ShmCondition condition, long nanos) throws InterruptedException {
        condition.awaitNanos(nanos);
        repairIfTakenOver();
    }

    /**
     * Every acquisition of the lock (first, or after a condition wait) may be a takeover from a dead holder;
     * the mark lasts until the unlock, so checking after each one costs two reads.
     */
    private void repairIfTakenOver() {
        if (lock.previousOwnerDied()) {
            int items = ring.countRecords(getLong(HEAD), getLong(TAIL)) + overflow.count();
            setInt(COUNT, items);
        }
    }

    private ShmRing.Record takeFromRing() {
        ShmRing.Record r = ring.read(getLong(HEAD));
        setLong(HEAD, r.nextHead()); // after the copy: a reader that died before leaves the record
        return r;
    }

    /** Spins briefly (by time) for an item before a consumer goes to sleep: a busy producer is microseconds away. */
    private void spinForItem(long deadline) {
        long until = Math.min(deadline, System.nanoTime() + CONSUMER_SPIN_NANOS);
        while (getInt(COUNT) == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Waits at most {@code timeoutNanos} until the queue holds an item; {@code true} if it does. */
    boolean awaitItem(long timeoutNanos) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        lockAndRepair();
        try {
            while (getInt(COUNT) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitAndRepair(notEmpty, left);
            }
            notEmpty.signal(); // pass the wake-up on: this caller only looked
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rings {@code bell} when an item may have arrived: it is counted as a waiter of {@code notEmpty}, so a
     * put's signal wakes its word. A signal that woke it rather than a consumer is passed on when it leaves.
     */
    @Override
    public Waitable.Watching watch(Bell bell) {
        try {
            lockAndRepair();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the wait that follows throws it
            bell.ring();
            return () -> { };
        }
        try {
            notEmpty.enlist(bell);
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                repairIfTakenOver();
                notEmpty.delist();
                if (getInt(COUNT) > 0) {
                    notEmpty.signal();
                }
            } finally {
                lock.unlock();
            }
        };
    }

    /** Wakes every consumer and watcher, e.g. to tell a pipe's reader that its peer closed. */
    void wakeConsumers() {
        lock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static byte[] unspill(String name) {
        try (Segment s = Segments.takeTransfer(name)) {
            return s.memory().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public int size() {
        return getInt(COUNT);
    }

    @Override
    public int remainingCapacity() {
        return maxItems == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, maxItems - size());
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireJoinable() {
        if (!joinable) {
            throw new IllegalStateException("not a joinable queue: use ctx.joinableQueue()");
        }
    }

    @Override
    public void taskDone() {
        requireJoinable();
        lock.lock();
        try {
            repairIfTakenOver();
            int left = getInt(UNFINISHED);
            if (left <= 0) {
                throw new IllegalStateException("taskDone() called more times than there were items");
            }
            setInt(UNFINISHED, left - 1);
            if (left == 1) {
                allDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void join() throws InterruptedException {
        requireJoinable();
        lockAndRepair();
        try {
            while (getInt(UNFINISHED) > 0) {
                awaitAndRepair(allDone, TimeUnit.SECONDS.toNanos(1));
            }
        } finally {
            lock.unlock();
        }
    }
}
