package dev.multiproc.internal.engine;

import dev.multiproc.SerializableCallable;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class StatelessTasksTest {

    private static SerializableCallable<Integer> capturing(int n) {
        return () -> n;
    }

    @Test
    void nonCapturingLambda_encodedOnce_decodedOnce() throws Exception {
        SerializableCallable<Integer> task = () -> 42;
        byte[] first = StatelessTasks.encode(task);
        assertSame(first, StatelessTasks.encode(task));
        assertArrayEquals(Codec.tasks().encode(task), first);
        Object decoded = StatelessTasks.decode(first);
        assertSame(decoded, StatelessTasks.decode(first.clone()));
        assertEquals(42, ((Callable<?>) decoded).call());
    }

    @Test
    void capturingLambda_alwaysTheNormalPath_eachValueKept() throws Exception {
        byte[] one = StatelessTasks.encode(capturing(1));
        byte[] two = StatelessTasks.encode(capturing(2));
        assertEquals(1, ((Callable<?>) StatelessTasks.decode(one)).call());
        assertEquals(2, ((Callable<?>) StatelessTasks.decode(two)).call());
        assertNotSame(StatelessTasks.decode(one), StatelessTasks.decode(one));
    }
}
