/**
 * Python's {@code threading} and {@code multiprocessing} for Java: one API runs a task in a platform thread, a
 * virtual thread, a child JVM, or a JVM on another machine, chosen by the {@link dev.multiproc.Context} that
 * starts it; the same locks, conditions, semaphores, events, barriers, queues, pipes, shared values and pools
 * work on every engine.
 *
 * <h2>Memory consistency</h2>
 * The rules of {@code java.util.concurrent} hold across processes too. Where the two sides share a heap (the
 * thread engines) "actions" are any reads and writes; where they do not (child JVMs, a cluster), they are
 * reads and writes of the context's shared objects ({@link dev.multiproc.SharedLong} and the other shared
 * values, {@link dev.multiproc.SharedMemory}), and what travels is a copy: a task, a queue item, a message.
 * <ul>
 *   <li><b>Start and join.</b> What a task captured is what its fields held at {@link dev.multiproc.Worker#start()}
 *       (a serialized copy, for a process); actions before {@code start()} <i>happen-before</i> the task's
 *       actions. The task's actions happen-before the return of a {@link dev.multiproc.Worker#join()} that sees
 *       the worker ended.</li>
 *   <li><b>Locks and conditions.</b> An {@code unlock()} happens-before every later acquisition of that lock
 *       (a {@link dev.multiproc.Condition} wait re-acquires it), in any thread or process.</li>
 *   <li><b>Semaphores</b>: a {@code release()} happens-before the acquire that takes that permit.
 *       <b>Events</b>: a {@code set()} happens-before the return of an {@code await()} it released.
 *       <b>Barriers</b>: what each party did before {@code await()} happens-before what every other party does
 *       after it.</li>
 *   <li><b>Queues and pipes.</b> A {@code put} (or {@code send}) happens-before the {@code take} (or
 *       {@code recv}) that returns that item; the item is serialized before {@code put} returns, so a later
 *       change of the original does not travel.</li>
 *   <li><b>Shared values</b> are atomic: each operation on one value is indivisible and totally ordered, and
 *       a write happens-before a read that sees it ({@code volatile} semantics). {@link dev.multiproc.SharedMemory}
 *       gives bytes and nothing more: order them with a lock, or with the access modes of a
 *       {@code VarHandle} on its segment.</li>
 *   <li><b>Pools.</b> A {@code submit} happens-before the task's actions; the task's actions happen-before
 *       the return of {@code Future.get()}, and of the {@code map} or stream step that delivers its result.</li>
 * </ul>
 *
 * <h2>Comparison with Python</h2>
 * The names and the semantics follow Python's where they match ({@code Lock}, {@code RLock}, {@code Pipe},
 * {@code Pool.imap}, exit codes); where Java has a contract of its own ({@code ExecutorService}, {@code Future},
 * {@code Duration}), it is implemented instead. Where multiproc does better than Python on purpose (a dead
 * lock holder's lock is taken over, a pool survives its workers' deaths, a bad queue item fails in
 * {@code put}), the type's documentation says so.
 */
package dev.multiproc;
