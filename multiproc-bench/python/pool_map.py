#!/usr/bin/env python3
"""Python's baseline for PoolBenchmark: Pool(2).map of 10 000 trivial tasks (chunksize=1 and the default
chunking), and ProcessPoolExecutor(2).submit(...).result() of one trivial task, on warm pools.

Prints one JSON object with medians: {"map_chunk1_ms", "map_default_ms", "submit_result_us", "python", ...}.
Run: python3 multiproc-bench/python/pool_map.py [repetitions]
"""
import concurrent.futures as cf
import json
import multiprocessing as mp
import platform
import statistics
import sys
import time

ITEMS = list(range(10_000))


def square(x):
    return x * x


def one():
    return 1


def median_of(fn, reps, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    ctx = mp.get_context("fork")  # Python's default on Linux before 3.14
    with ctx.Pool(2) as pool:
        chunk1 = median_of(lambda: pool.map(square, ITEMS, chunksize=1), reps, 3)
        default = median_of(lambda: pool.map(square, ITEMS), reps * 5, 10)
    with cf.ProcessPoolExecutor(2, mp_context=ctx) as ex:
        submit = median_of(lambda: ex.submit(one).result(), reps * 100, 200)
    print(json.dumps({
        "python": platform.python_version(),
        "start_method": "fork",
        "map_chunk1_ms": chunk1 * 1000,
        "map_default_ms": default * 1000,
        "submit_result_us": submit * 1e6,
    }))


if __name__ == "__main__":
    main()
