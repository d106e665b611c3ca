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
 * A queue between any threads and processes: a {@link ShmRing} with a robust {@link ShmLock} for its producers
 * and another for its consumers, and a condition on each for waiting. Also the {@link JoinableQueue}: a count
 * of unfinished tasks and a third condition.
 *
 * <pre>
 *   0            8              64           72               128
 *  +------------+--------------+------------+----------------+------------+
 *  | head       | chain taken  | tail       | chain appended | unfinished |
 *  +------------+--------------+------------+----------------+------------+
 *  head, tail: (records ever taken from / appended to the ring) << 32 | (byte position mod 2^32)
 *  chain taken, appended: records taken from / appended to the overflow chain since it was last removed
 * </pre>
 */
/*
 * Implementation notes.
 *
 * Two locks, as java.util.concurrent.LinkedBlockingQueue has: a producer and a consumer never wait for each
 * other, so one producer and one consumer never bounce a lock word between their cores, and in a cold JVM
 * neither sleeps because the other was slow to leave. Producers move only the tail, consumers only the head;
 * each reads the other's as a bound that only grows. Each word packs a record count with the position, so the
 * number of records is the difference of the two counts, written in one store: nothing to recount after a
 * death. The ring's capacity divides 2^32, so positions kept modulo 2^32 still name the same offsets.
 *
 * Messages are encoded in the caller's thread before a lock is taken, so a bad message fails there and
 * nothing is half-written; they are decoded after the lock is released. A put copies bytes into the ring and
 * then moves the tail; a take copies bytes out and then moves the head. A lock is taken over if its holder
 * dies (ShmMutex): a producer that died mid-copy never moved the tail, a consumer that died mid-copy never
 * moved the head, so the ring is consistent whatever the moment of death. A message larger than the ring's
 * inline limit (1 MiB) travels in a transfer segment whose name is what the ring holds; its reader unlinks it.
 * A put that finds the ring empty far from its start moves both words back to the start (rewind), so the
 * pages a ring touches follow its largest backlog.
 *
 * An unbounded queue whose ring is full goes on in an overflow chain of large blocks (ShmOverflow), so a
 * producer far ahead of its consumers costs files in proportion to the bytes waiting, not to the messages.
 * While the chain is not empty every new item joins it, and consumers empty the ring first, so the order
 * stays FIFO; once it drains, items go to the ring again. Producers append to the chain and consumers take
 * from it under their own locks, as with the ring (a consumer far behind its producer is when the two sides
 * are busiest); only removing a drained chain takes both. A consumer looks at the chain before the ring: if
 * the chain held an item then and the ring holds none now, that item is the oldest, since producers use the
 * ring again only once the chain has drained. (And a ring that holds items holds the oldest: the chain
 * starts only when the ring is full.) The chain's counts are only for size(): one left off by a death is set
 * right when the chain is removed. A drained chain whose consumer found the producers' lock busy keeps its
 * last block until the next put (or until the context closes).
 *
 * A joinable queue counts an item as unfinished before it can be taken, so that its taskDone() always finds
 * it counted; a producer that dies between the count and the publish leaves one unfinished item that never
 * comes, as a consumer that dies between take() and taskDone() does (join() then waits, as Python's does).
 *
 * Wake-ups: a put signals a consumer only when it made the queue non-empty, and a consumer that leaves items
 * behind passes a signal on (LinkedBlockingQueue's cascade); a waiter counts itself and then looks again
 * without the lock (ShmCondition.awaitNanos with a predicate), so a put that moved the tail meanwhile is seen.
 * A producer signalling every put made a system call per message while a woken consumer was still on its way.
 */
final class ShmQueue<T> extends ShmObject implements JoinableQueue<T>, Waitable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final long HEAD = 0, TAIL = 64; // package-private for tests that set the words as a death leaves them
    private static final long CHAIN_TAKEN = 8, CHAIN_APPENDED = 72, UNFINISHED = 128, SIZE = 192;
    private static final long POSITION_MASK = 0xFFFF_FFFFL;
    private static final AtomicLong QUEUE_IDS = new AtomicLong();
    /*
     * 32 MiB: a backlog of a million small items (16 bytes a record) stays in the ring; a program's first switch
     * to the overflow chain deoptimizes its compiled queue code (measured 0.1-0.2 s on 2 cores). It costs memory
     * only as far as a backlog reaches, since an empty ring rewinds. A divisor of 2^32, as the head and tail
     * words need.
     */
    private static final long RING_BYTES = 32 << 20;
    /*
     * Measured (pipe ping-pong, 2 cores): a futex wake-up of a sleeping process costs ~50 us here, so a
     * consumer that sleeps at once makes a round trip ~80-110 us; spinning 100 us gave 1.7 us in one run
     * and 59 us in the next (spin-then-sleep is bistable), 300 us gave 18 us. 200 us: a compromise until
     * the spin adapts.
     */
    private static final long CONSUMER_SPIN_NANOS = 200_000;
    private static final AtomicLong TRANSFERS = new AtomicLong();
    private static final int NO_SIGNAL = 2; // an append's count that calls for no signal
    /** The most records a ring can hold (each takes 8 bytes at least). */
    private static final int MOST_RECORDS = (int) (RING_BYTES / 8);
    /** How far from its start an empty ring goes on rather than back to the start (see rewind). */
    private static final long REWIND_BYTES = 64 << 10;

    private final int maxItems;
    private final boolean joinable; // only a joinable queue counts unfinished items: one atomic less per put
    private final ShmRing ring;
    private final ShmLock putLock;
    private final ShmLock takeLock;
    private final ShmCondition notEmpty;
    private final ShmCondition notFull;
    private final ShmCondition allDone;
    private final String transferPrefix;
    private final ShmOverflow overflow;
    private transient volatile boolean closed;
    /*
     * The tail word as this process's consumers last read it (consumers' lock held): a bound the real tail only
     * grows from, so records below it are there without reading the word the producers keep writing.
     */
    private transient long seenTail;

    ShmQueue(ShmHeap heap, int maxItems, boolean joinable) {
        super(heap.allocate(SIZE));
        this.maxItems = maxItems;
        this.joinable = joinable;
        this.ring = new ShmRing(heap, RING_BYTES);
        this.putLock = new ShmLock(heap);
        this.takeLock = new ShmLock(heap);
        this.notEmpty = ShmCondition.create(heap, takeLock);
        this.notFull = ShmCondition.create(heap, putLock);
        this.allDone = ShmCondition.create(heap, takeLock);
        this.transferPrefix = heap.prefix();
        this.overflow = new ShmOverflow(heap, heap.prefix() + "q" + QUEUE_IDS.incrementAndGet() + "o");
    }

    /** The records between a head and a tail word. */
    private static int records(long headWord, long tailWord) {
        return (int) ((tailWord >>> 32) - (headWord >>> 32));
    }

    /** A word's position, as a long the ring can use: the head's own. */
    private static long headPosition(long headWord) {
        return headWord & POSITION_MASK;
    }

    /** The tail's position, as a long the ring can use beside {@link #headPosition} of the same head. */
    private static long tailPosition(long headWord, long tailWord) {
        return (headWord & POSITION_MASK) + ((tailWord - headWord) & POSITION_MASK);
    }

    /** The word after one more record, which ends at {@code position}. */
    private static long advanced(long word, long position) {
        return ((word >>> 32) + 1) << 32 | (position & POSITION_MASK);
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
        if (MessageCodec.isPlain(item)) {
            return offerEncoded(MessageCodec.INSTANCE.encode(item), timeoutNanos); // no handle in it to hand off
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
        byte[] record = message.length > ring.inlineLimit() ? spill(message) : message;
        boolean spilled = record != message;
        long deadline = untimedOr(timeoutNanos);
        int count;
        putLock.lockInterruptibly();
        try {
            while ((count = tryAppend(record, spilled)) == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    discard(spilled ? record : null);
                    return false;
                }
                notFull.awaitNanos(Math.min(left, SLICE_NANOS), () -> hasRoom(record.length));
            }
        } catch (InterruptedException | RuntimeException e) {
            discard(spilled ? record : null);
            throw e;
        } finally {
            putLock.unlock();
        }
        if (count == 1) {
            notEmpty.signalAfterUnlock(); // the queue was empty: a consumer may sleep; consumers pass it on
        }
        if (count < maxItems && !unbounded()) {
            notFull.signalAfterUnlock(); // room is left: the next waiting producer may go on
        }
        return true;
    }

    /**
     * Appends with the producers' lock held if the count and the ring allow; an unbounded queue whose ring is
     * full goes on in the overflow chain instead of waiting.
     *
     * @return the number of items with the new one (or {@link #NO_SIGNAL} in an unbounded queue no consumer
     *         waits on), or 0 if there was no room
     */
    private int tryAppend(byte[] record, boolean spilled) {
        int chain = unbounded() ? overflow.state() : ShmOverflow.NONE;
        long tailWord = getLong(TAIL), headWord = getLong(HEAD);
        if (headWord != tailWord && records(headWord, tailWord) == 0) {
            headWord = finishRewind(tailWord);
        }
        boolean fits = ring.fits(headPosition(headWord), tailPosition(headWord, tailWord), record.length);
        if (chain == ShmOverflow.HOLDS || !fits) {
            return unbounded() ? appendToOverflow(record, spilled, tailWord) : 0;
        }
        if (records(headWord, tailWord) >= maxItems) {
            return 0;
        }
        if (chain == ShmOverflow.DRAINED) {
            resetOverflow();
        }
        return appendToRing(record, spilled, headWord, tailWord);
    }

    /** Appends to the ring, which has room (producers' lock held); returns as {@link #tryAppend} does. */
    private int appendToRing(byte[] record, boolean spilled, long headWord, long tailWord) {
        if (records(headWord, tailWord) == 0 && ring.offset(tailPosition(headWord, tailWord)) >= REWIND_BYTES
                && rewind(tailWord)) {
            tailWord = getLong(TAIL);
            headWord = getLong(HEAD);
        }
        long next = ring.append(headPosition(headWord), tailPosition(headWord, tailWord), record, spilled);
        if (joinable) {
            addInt(UNFINISHED, 1); // before the item can be taken, so that its taskDone() finds it counted
        }
        long published = advanced(tailWord, next);
        setLong(TAIL, published); // publishes the record: the writer's last step
        // read after the publish: a consumer that counts itself as a waiter later sees the record when it looks
        if (unbounded() && !notEmpty.hasWaiters()) {
            return NO_SIGNAL;
        }
        // 1 if the queue was empty (or a consumer took the item already), else more
        return Math.max(1, records(getLong(HEAD), published));
    }

    /**
     * Moves an empty ring's head and tail to its start, if no consumer holds its lock now (producers' lock held):
     * the pages a ring touches then follow its largest backlog, not the bytes that went through it. The tail moves
     * first: a producer that dies in between leaves the head behind the tail with no record between them, a state
     * no other moment leaves, which the next put sets right before it appends ({@link #finishRewind}).
     *
     * @return whether it moved them
     */
    private boolean rewind(long tailWord) {
        if (!takeLock.tryLock()) {
            return false;
        }
        try {
            if (records(getLong(HEAD), tailWord) != 0) {
                return false;
            }
            long moved = (tailWord & ~POSITION_MASK) | (ring.nextLap(tailWord & POSITION_MASK) & POSITION_MASK);
            setLong(TAIL, moved);
            setLong(HEAD, moved);
            return true;
        } finally {
            takeLock.unlock();
        }
    }

    /**
     * Moves the head to the tail of an empty ring whose rewind a producer left half done by dying (producers' lock
     * held): else a consumer would read the next record where the head points, not where it was written.
     *
     * @return the head word now
     */
    private long finishRewind(long tailWord) {
        takeLock.lock();
        try {
            if (records(getLong(HEAD), tailWord) == 0) {
                setLong(HEAD, tailWord);
            }
            return getLong(HEAD);
        } finally {
            takeLock.unlock();
        }
    }

    /**
     * Appends to the overflow chain (producers' lock held).
     *
     * @return 1 if the queue was empty, else {@link #NO_SIGNAL}
     */
    private int appendToOverflow(byte[] record, boolean spilled, long tailWord) {
        if (joinable) {
            addInt(UNFINISHED, 1);
        }
        setInt(CHAIN_APPENDED, getInt(CHAIN_APPENDED) + 1); // producers' lock held; before the item can be taken
        boolean alone;
        try {
            alone = overflow.append(record, spilled);
        } catch (RuntimeException e) { // no block file (out of space, of mappings): the item never went in
            setInt(CHAIN_APPENDED, getInt(CHAIN_APPENDED) - 1);
            if (joinable && addInt(UNFINISHED, -1) == 0) {
                signalAllDone(); // a join() may have seen this item counted
            }
            throw e;
        }
        return alone && records(getLong(HEAD), tailWord) == 0 ? 1 : NO_SIGNAL;
    }

    /** Removes a drained overflow chain, consumers' lock taken too (producers' lock held). */
    private void resetOverflow() {
        takeLock.lock();
        try {
            removeDrainedChain();
        } finally {
            takeLock.unlock();
        }
    }

    /** Whether a record of {@code length} bytes could be appended now: a waiting producer's second look. */
    private boolean hasRoom(int length) {
        long headWord = getLong(HEAD), tailWord = getLong(TAIL);
        return records(headWord, tailWord) < maxItems
                && ring.fits(headPosition(headWord), tailPosition(headWord, tailWord), length);
    }

    private byte[] spill(byte[] message) {
        String name = transferPrefix + "x" + Self.PID + "_" + TRANSFERS.incrementAndGet();
        try (Segment s = Segments.createTransfer(name, message.length)) {
            MemorySegment.copy(message, 0, s.memory(), ValueLayout.JAVA_BYTE, 0, message.length);
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static void discard(byte[] spillName) { // the name of a spilled message, or null
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

    /** An item taken out, and how many were left behind it. */
    private record Taken(ShmRing.Record record, int left) { }

    /**
     * Removes the oldest item, waiting at most {@code timeoutNanos}.
     *
     * @return the item, or {@code none} if none came in time (so that a {@code null} item can be told apart)
     */
    Object pollOr(long timeoutNanos, Object none) throws InterruptedException {
        long deadline = untimedOr(timeoutNanos);
        if (seenRecords(getLong(HEAD)) == 0 && !holdsItems()) { // seenTail read without the lock: a hint
            spinForItem(deadline);
        }
        Taken taken;
        takeLock.lockInterruptibly();
        try {
            taken = takeOrWait(deadline);
        } finally {
            takeLock.unlock();
        }
        if (taken == null) {
            return none;
        }
        if (taken.left() > 0) {
            notEmpty.signalAfterUnlock(); // puts signal only an empty queue: the next consumer is woken here
        }
        if (!unbounded()) {
            notFull.signalAfterUnlock(); // producers wait for room only in a bounded queue
        }
        ShmRing.Record r = taken.record();
        return MessageCodec.INSTANCE.decode(r.spilled() ? unspill(r.spillName()) : r.payload());
    }

    /** Takes the oldest item, consumers' lock held, waiting until the deadline; {@code null} if none came. */
    private Taken takeOrWait(long deadline) throws InterruptedException {
        while (true) {
            long headWord = getLong(HEAD);
            if (seenRecords(headWord) > 0 || records(headWord, seenTail = getLong(TAIL)) > 0) {
                return takeFromRing(headWord); // the ring's oldest is the queue's: the chain starts when it is full
            }
            boolean chained = !overflow.isEmpty(); // then the ring again: see the implementation notes
            if (records(headWord, seenTail = getLong(TAIL)) > 0) {
                return takeFromRing(headWord);
            }
            if (chained) {
                return takeFromOverflow();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            awaitNotEmpty(left);
        }
    }

    /**
     * The records between {@code headWord} and {@link #seenTail}, or 0 if that bound says nothing: a tail read long
     * ago (or never, in a process that attached late) may be more than 2^31 records behind, where the counts'
     * difference wraps; no ring holds more than {@link #MOST_RECORDS}.
     */
    private int seenRecords(long headWord) {
        int n = records(headWord, seenTail);
        return n > 0 && n <= MOST_RECORDS ? n : 0;
    }

    private Taken takeFromRing(long headWord) {
        ShmRing.Record r = ring.read(headPosition(headWord));
        long moved = advanced(headWord, r.nextHead());
        setLong(HEAD, moved); // after the copy: a reader that died before leaves the record
        int left = seenRecords(moved);
        if (left == 0) {
            left = records(moved, seenTail = getLong(TAIL));
        }
        return new Taken(r, left > 0 || overflow.isEmpty() ? left : 1);
    }

    /**
     * Takes from the overflow chain (consumers' lock held). One that drains it removes it if the producers'
     * lock is free; else the next put does.
     */
    private Taken takeFromOverflow() {
        ShmRing.Record r = overflow.take();
        setInt(CHAIN_TAKEN, getInt(CHAIN_TAKEN) + 1);
        if (!overflow.isEmpty()) {
            return new Taken(r, 1);
        }
        if (putLock.tryLock()) {
            try {
                removeDrainedChain();
            } finally {
                putLock.unlock();
            }
        }
        return new Taken(r, records(getLong(HEAD), getLong(TAIL)));
    }

    /** Removes the overflow chain if it drained (both locks held). */
    private void removeDrainedChain() {
        if (overflow.resetIfDrained()) {
            setInt(CHAIN_TAKEN, 0); // first: a death in between leaves size() too high while a chain lasts, not low
            setInt(CHAIN_APPENDED, 0);
        }
    }

    /**
     * Waits for a signal, consumers' lock held, at most a slice at a time: a consumer looks for itself once a
     * slice, since a waiter that was signalled and then died before it took an item passes no signal on.
     */
    private void awaitNotEmpty(long nanos) throws InterruptedException {
        try {
            notEmpty.awaitNanos(Math.min(nanos, SLICE_NANOS), this::holdsItems);
        } catch (InterruptedException e) {
            if (holdsItems()) {
                notEmpty.signal(); // the signal this caller may have been given goes to the next consumer
            }
            throw e;
        }
    }

    private boolean holdsItems() {
        return records(getLong(HEAD), getLong(TAIL)) > 0 || !overflow.isEmpty();
    }

    /** The deadline of a wait of {@code timeoutNanos}; an untimed one (put, take) reads no clock. */
    private static long untimedOr(long timeoutNanos) {
        return timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadline(timeoutNanos);
    }

    /** Spins briefly (by time) for an item before a consumer goes to sleep: a busy producer is microseconds away. */
    private void spinForItem(long deadline) {
        long until = Math.min(deadline, System.nanoTime() + CONSUMER_SPIN_NANOS);
        while (!holdsItems() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Waits at most {@code timeoutNanos} until the queue holds an item; {@code true} if it does. */
    boolean awaitItem(long timeoutNanos) throws InterruptedException {
        long deadline = deadline(timeoutNanos);
        takeLock.lockInterruptibly();
        try {
            while (!holdsItems()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitNotEmpty(left);
            }
            notEmpty.signal(); // pass the wake-up on: this caller only looked
            return true;
        } finally {
            takeLock.unlock();
        }
    }

    /**
     * Rings {@code bell} when an item may have arrived: it is counted as a waiter of {@code notEmpty}, so a
     * put's signal wakes its word. A signal that woke it rather than a consumer is passed on when it leaves.
     */
    @Override
    public Waitable.Watching watch(Bell bell) {
        try {
            takeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the wait that follows throws it
            bell.ring();
            return () -> { };
        }
        try {
            notEmpty.enlist(bell);
        } finally {
            takeLock.unlock();
        }
        return () -> {
            takeLock.lock();
            try {
                notEmpty.delist();
                if (holdsItems()) {
                    notEmpty.signal();
                }
            } finally {
                takeLock.unlock();
            }
        };
    }

    /** Wakes every consumer and watcher, e.g. to tell a pipe's reader that its peer closed. */
    void wakeConsumers() {
        takeLock.lock();
        try {
            notEmpty.signalAll();
        } finally {
            takeLock.unlock();
        }
    }

    private static byte[] unspill(String name) {
        try (Segment s = Segments.takeTransfer(name)) {
            return s.memory().toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** Where the ring's next record goes, as an offset from its start (what a rewind changes). */
    long ringOffset() {
        return ring.offset(getLong(TAIL) & POSITION_MASK);
    }

    @Override
    public int size() {
        int inRing = records(getLong(HEAD), getLong(TAIL));
        return overflow.isEmpty() ? inRing : inRing + Math.max(1, getInt(CHAIN_APPENDED) - getInt(CHAIN_TAKEN));
    }

    @Override
    public int remainingCapacity() {
        return maxItems == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, maxItems - size());
    }

    @Override
    public boolean isEmpty() {
        return !holdsItems(); // from the positions, not the chain's counts
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
        int left;
        do { // producers count up under their own lock meanwhile
            left = getInt(UNFINISHED);
            if (left <= 0) {
                throw new IllegalStateException("taskDone() called more times than there were items");
            }
        } while (!casInt(UNFINISHED, left, left - 1));
        if (left == 1) {
            signalAllDone();
        }
    }

    /** Wakes every join(): under allDone's lock, under which a join() counts itself as a waiter. */
    private void signalAllDone() {
        takeLock.lock();
        try {
            allDone.signalAll();
        } finally {
            takeLock.unlock();
        }
    }

    @Override
    public void join() throws InterruptedException {
        requireJoinable();
        takeLock.lockInterruptibly();
        try {
            while (getInt(UNFINISHED) > 0) {
                allDone.awaitNanos(TimeUnit.SECONDS.toNanos(1));
            }
        } finally {
            takeLock.unlock();
        }
    }
}
