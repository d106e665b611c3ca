package dev.multiproc;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every engine's {@link Worker} must do: the same cases on threads, virtual threads and processes. */
@Timeout(60)
class WorkerContractTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_taskReturns_exitCodeZeroNoFailure(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> { });
            w.join();
            assertEquals(OptionalInt.of(0), w.exitCode());
            assertTrue(w.failure().isEmpty());
            assertFalse(w.isAlive());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failure_taskThrows_exitCodeOneWithClassMessageFramesAndCause(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(Tasks::throwWithCause);
            w.join();
            assertEquals(OptionalInt.of(1), w.exitCode());
            WorkerException e = w.failure().orElseThrow();
            assertEquals("java.lang.IllegalStateException", e.remoteClassName());
            assertEquals("outer", e.getMessage());
            assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().equals("throwWithCause")),
                    () -> Arrays.toString(e.getStackTrace()));
            WorkerException cause = (WorkerException) e.getCause();
            assertNotNull(cause);
            assertEquals("java.io.UncheckedIOException", cause.remoteClassName());
            assertEquals("java.io.IOException", ((WorkerException) cause.getCause()).remoteClassName());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void onExit_completesWithTheWorkerOnceEnded_aCallersCompleteChangesNothing(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event go = ctx.event();
            Worker w = ctx.start(() -> {
                try {
                    go.await(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            java.util.concurrent.CompletableFuture<Worker> exit = w.onExit();
            assertFalse(exit.isDone());
            assertTrue(w.onExit().complete(w)); // a copy: the worker is not said to have ended
            assertFalse(w.onExit().isDone());
            go.set();
            assertSame(w, exit.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(OptionalInt.of(0), w.exitCode());
            assertTrue(w.onExit().isDone());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void workerCurrent_insideAWorker_itsNameAndPid_emptyInTheMainThread(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            assertTrue(Worker.current().isEmpty());
            Queue<String> seen = ctx.queue();
            Worker w = ctx.worker("named-one", () -> {
                WorkerInfo info = Worker.current().orElseThrow();
                try {
                    seen.put(info.name() + " " + info.index() + " " + info.pid() + " " + info.parentPid());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            assertTrue(w.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(0), w.exitCode(), () -> String.valueOf(w.failure()));
            String[] parts = seen.take().split(" ");
            assertEquals("named-one", parts[0]);
            assertEquals("-1", parts[1]);
            assertEquals(w.pid(), Long.parseLong(parts[2]));
            if (engine == Engine.PROCESSES) {
                assertEquals(ProcessHandle.current().pid(), Long.parseLong(parts[3]));
            }
        }
    }

    /** Python 3.14's Process.interrupt(): the task's thread is interrupted; its finally runs; exit code 1. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void interrupt_sleepingTask_interruptedFinallyRunsExitCodeOne(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Event sleeping = ctx.event();
            Event finallyRan = ctx.event();
            Worker w = ctx.start(() -> {
                try {
                    sleeping.set();
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                } finally {
                    finallyRan.set();
                }
            });
            assertTrue(sleeping.await(Duration.ofSeconds(30)));
            w.interrupt();
            assertTrue(w.join(Duration.ofSeconds(20)), "the interrupt did not reach the task");
            assertEquals(OptionalInt.of(1), w.exitCode());
            assertEquals("java.lang.IllegalStateException", w.failure().orElseThrow().remoteClassName());
            assertTrue(finallyRan.isSet());
            w.interrupt(); // ended: nothing happens
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void interrupt_beforeTheTaskBegins_reachesIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    return; // ends well: the interrupt arrived
                }
                throw new IllegalStateException("never interrupted");
            });
            w.interrupt(); // a process worker's child has most likely not connected yet
            assertTrue(w.join(Duration.ofSeconds(30)), "the interrupt was lost");
            assertEquals(OptionalInt.of(0), w.exitCode());
        }
    }

    /** A long message travels whole, as CPython's pickled exception does; it was clipped at 16 000 characters. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void failure_oneMebibyteMessages_arriveWhole(Engine engine) throws Exception {
        String message = "m".repeat(1 << 20) + "\u00e9\u4e2d end"; // multi-byte characters at the end too
        String causeMessage = "c".repeat(200_000);
        try (Context ctx = engine.open(); Pool pool = ctx.pool(1)) {
            Worker w = ctx.start(() -> {
                if (engine.isProcess()) { // a child prints its uncaught exception: 1 MiB of noise in the test log
                    System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                }
                throw new IllegalStateException(message, new IllegalArgumentException(causeMessage));
            });
            w.join();
            assertWhole(w.failure().orElseThrow(), message, causeMessage);
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pool.submit(() -> {
                        throw new IllegalStateException(message, new IllegalArgumentException(causeMessage));
                    }).get(60, java.util.concurrent.TimeUnit.SECONDS));
            assertWhole((WorkerException) e.getCause(), message, causeMessage);
        }
    }

    private static void assertWhole(WorkerException e, String message, String causeMessage) {
        assertEquals("java.lang.IllegalStateException", e.remoteClassName());
        assertEquals(message.length(), e.getMessage().length(), "message length");
        assertEquals(message, e.getMessage());
        assertEquals(causeMessage, e.getCause().getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void start_secondTime_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> { });
            assertThrows(IllegalStateException.class, w::start);
            w.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void join_beforeStart_throwsIllegalState(Engine engine) {
        try (Context ctx = engine.open()) {
            Worker w = ctx.worker(() -> { });
            assertThrows(IllegalStateException.class, w::join);
            assertFalse(w.isAlive());
            assertTrue(w.exitCode().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void joinWithTimeout_whileRunning_returnsFalseThenTrue(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> Tasks.sleep(1500));
            assertFalse(w.join(Duration.ofMillis(50)));
            assertTrue(w.isAlive());
            assertTrue(w.exitCode().isEmpty());
            assertTrue(w.join(Duration.ofSeconds(30)));
            assertEquals(OptionalInt.of(0), w.exitCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void name_givenOrDefault(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            assertEquals("reader", ctx.worker("reader", () -> { }).name());
            assertTrue(ctx.worker(() -> { }).name().startsWith("Worker-"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void daemon_afterStart_throwsIllegalState(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.worker(() -> { }).daemon(true);
            assertTrue(w.isDaemon());
            w.start();
            assertThrows(IllegalStateException.class, () -> w.daemon(false));
            w.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pid_threadIsThisProcess_processIsChild(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> { });
            w.join();
            long self = ProcessHandle.current().pid();
            if (engine.isProcess()) {
                assertNotEquals(self, w.pid());
                assertTrue(w.pid() > 0);
            } else {
                assertEquals(self, w.pid());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void activeChildren_listsRunningOnly(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(() -> Tasks.sleep(1000));
            assertTrue(ctx.activeChildren().contains(w));
            w.join();
            assertFalse(ctx.activeChildren().contains(w));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void terminate_sleepingTask_endsIt(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(Tasks::sleepUntilInterrupted);
            Thread.sleep(300); // let a child JVM boot far enough to take its task; correctness does not depend on it
            w.terminate();
            assertTrue(w.join(Duration.ofSeconds(30)));
            // threads: the interrupt surfaces as an exception (1); processes: SIGTERM (-15)
            assertEquals(engine.isProcess() ? -15 : 1, w.exitCode().orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void close_stopsRunningWorkersAndRefusesNew(Engine engine) throws Exception {
        Worker w;
        Context ctx = engine.open();
        try (ctx) {
            w = ctx.start(Tasks::sleepUntilInterrupted);
        }
        assertTrue(w.join(Duration.ofSeconds(30)));
        assertThrows(IllegalStateException.class, () -> ctx.worker(() -> { }));
        ctx.close(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void runnableClass_overridesRun(Engine engine) throws Exception {
        try (Context ctx = engine.open()) {
            Worker w = ctx.start(new Tasks.ExitIfTrue(false));
            w.join();
            assertEquals(OptionalInt.of(0), w.exitCode());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cpuCount_atLeastOne(Engine engine) {
        try (Context ctx = engine.open()) {
            assertTrue(ctx.cpuCount() >= 1);
        }
    }
}
