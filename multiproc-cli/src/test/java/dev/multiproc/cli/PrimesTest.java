package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PrimesTest {

    @Test
    void countShare_sharesOfAnyWorkerCount_addUpToTheSieve() {
        long limit = 123_457;
        long expected = Primes.countBySieve(limit);
        assertEquals(11_601, expected); // primes below 123457, from an independent count
        for (int workers = 1; workers <= 5; workers++) {
            long sum = 0;
            for (int i = 0; i < workers; i++) {
                sum += Primes.countShare(limit, workers, i);
            }
            assertEquals(expected, sum, "workers=" + workers);
        }
    }

    @Test
    void isPrime_smallNumbers() {
        assertFalse(Primes.isPrime(1));
        assertTrue(Primes.isPrime(2));
        assertFalse(Primes.isPrime(9));
        assertTrue(Primes.isPrime(97));
    }

    @Test
    void countShare_badIndex_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> Primes.countShare(100, 2, 2));
    }

    @Test
    void workerCounts_powersOfTwoAndTheCoreCount() {
        assertEquals(List.of(1), CpuSpeedup.workerCounts(1));
        assertEquals(List.of(1, 2), CpuSpeedup.workerCounts(2));
        assertEquals(List.of(1, 2, 4, 6), CpuSpeedup.workerCounts(6));
    }
}
