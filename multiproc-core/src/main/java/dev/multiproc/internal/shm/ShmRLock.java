package dev.multiproc.internal.shm;

import dev.multiproc.RLock;

import java.io.Serial;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code RLock} on shared memory: owned by one thread of one process (pid in the lock word,
 * thread id beside it), with a hold count that only the owner touches.
 */
final class ShmRLock extends ShmMutex implements RLock {
    @Serial
    private static final long serialVersionUID = 1L;

    ShmRLock(ShmHeap heap) {
        super(heap);
    }

    @Override
    public void lock() {
        if (!reenter()) {
            acquireWordUninterruptibly();
            own(1);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!reenter()) {
            acquireWord(Long.MAX_VALUE, true);
            own(1);
        }
    }

    @Override
    public boolean tryLock() {
        if (reenter()) {
            return true;
        }
        if (tryAcquireWord()) {
            own(1);
            return true;
        }
        return false;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (reenter()) {
            return true;
        }
        if (acquireWord(unit.toNanos(time), true)) {
            own(1);
            return true;
        }
        return false;
    }

    private boolean reenter() {
        if (!isHeldByCurrentThread()) {
            return false;
        }
        setInt(HOLDS, getInt(HOLDS) + 1); // only the owner writes the count
        return true;
    }

    private void own(int holds) {
        setLong(OWNER_THREAD, Thread.currentThread().threadId());
        setInt(HOLDS, holds);
    }

    @Override
    public void unlock() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("rlock not held by this thread: holder pid=" + holderPid());
        }
        int holds = getInt(HOLDS) - 1;
        setInt(HOLDS, holds);
        if (holds == 0) {
            setLong(OWNER_THREAD, 0); // before the word: a thread of this process must not see itself as owner
            releaseWord();
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return holderPid() == Self.PID && getLong(OWNER_THREAD) == Thread.currentThread().threadId();
    }

    @Override
    public int holdCount() {
        return isHeldByCurrentThread() ? getInt(HOLDS) : 0;
    }

    @Override
    void checkHeldForCondition() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("condition used without its rlock held by this thread");
        }
    }

    @Override
    int releaseForWait() {
        int holds = getInt(HOLDS);
        setInt(HOLDS, 0);
        setLong(OWNER_THREAD, 0);
        releaseWord();
        return holds;
    }

    @Override
    void reacquire(int saved) {
        acquireWordUninterruptibly();
        own(saved);
    }
}
