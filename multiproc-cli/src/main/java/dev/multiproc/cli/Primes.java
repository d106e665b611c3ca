package dev.multiproc.cli;

import java.util.BitSet;

/**
 * The classic CPU-bound example: counting primes by trial division. The range is cut into blocks of
 * {@value #BLOCK} numbers dealt round-robin to the workers, because testing a big number costs more than a
 * small one: contiguous halves would give the upper half more work.
 */
final class Primes {
    static final int BLOCK = 1_000;

    private Primes() {
    }

    /**
     * Counts the primes below {@code limit} in the blocks of worker {@code index} out of {@code workers}.
     * The shares of {@code 0 .. workers-1} add up to the count of all primes below {@code limit}.
     *
     * @throws IllegalArgumentException if {@code index} is not in {@code [0, workers)}
     */
    static long countShare(long limit, int workers, int index) {
        if (workers < 1 || index < 0 || index >= workers) {
            throw new IllegalArgumentException("bad share: workers=" + workers + ", index=" + index);
        }
        long count = 0;
        for (long start = (long) index * BLOCK; start < limit; start += (long) workers * BLOCK) {
            long end = Math.min(limit, start + BLOCK);
            for (long n = start; n < end; n++) {
                if (isPrime(n)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Counts the primes below {@code limit} with a sieve of Eratosthenes: a different algorithm, fast enough to
     * check what the workers report.
     *
     * @throws IllegalArgumentException if {@code limit} does not fit in an array
     */
    static long countBySieve(long limit) {
        if (limit > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limit too large for a sieve: limit=" + limit);
        }
        int n = (int) Math.max(0, limit);
        BitSet composite = new BitSet(n);
        long count = 0;
        for (int i = 2; i < n; i++) {
            if (!composite.get(i)) {
                count++;
                for (long j = (long) i * i; j < n; j += i) {
                    composite.set((int) j);
                }
            }
        }
        return count;
    }

    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
