#!/usr/bin/env python3
"""Python's baseline for WorkerStartBenchmark: start + join of an empty worker.

Prints one JSON object: {"thread": ms, "fork": ms, "spawn": ms}, medians over the repetitions.
Run: python3 multiproc-bench/python/start_join.py [repetitions]
"""
import json
import multiprocessing as mp
import statistics
import sys
import threading
import time


def noop():
    pass


def median_ms(start_join, reps):
    for _ in range(max(2, reps // 10)):  # warm-up
        start_join()
    samples = []
    for _ in range(reps):
        t = time.perf_counter()
        start_join()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def thread_once():
    t = threading.Thread(target=noop)
    t.start()
    t.join()


def process_once(ctx):
    p = ctx.Process(target=noop)
    p.start()
    p.join()


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    result = {
        "thread": median_ms(thread_once, reps * 10),
        "fork": median_ms(lambda: process_once(mp.get_context("fork")), reps),
        "spawn": median_ms(lambda: process_once(mp.get_context("spawn")), reps),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
