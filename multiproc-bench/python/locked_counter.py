#!/usr/bin/env python3
"""Python's baseline for LockedCounterProbe: 2 processes x 100k increments of a multiprocessing.Value('q'),
with `with lock: v.value += 1` (multiprocessing.Lock), and the same without the lock (updates are lost);
plus an Event ping-pong round trip between two processes.

Only the increment loops are timed: both children are started, wait on a shared Event, and record when
they finish (time.monotonic is CLOCK_MONOTONIC, the same clock in every process); the time is from the
Event being set to the last child finishing. Prints one JSON object of medians over the runs:

  {"locked_ms": .., "unlocked_ms": .., "unlocked_lost_pct": .., "event_round_trip_us": .., ...}

Run: python3 multiproc-bench/python/locked_counter.py [runs] [increments]
"""
import json
import multiprocessing as mp
import statistics
import sys
import time

CTX = mp.get_context("fork")  # Linux's default in 3.11; spawn would only change start-up, which is not timed


def locked_loop(lock, v, n, ready, go, ends, i):
    ready.release()
    go.wait()
    for _ in range(n):
        with lock:
            v.value += 1
    ends[i] = time.monotonic()


def unlocked_loop(lock, v, n, ready, go, ends, i):
    ready.release()
    go.wait()
    for _ in range(n):
        v.value += 1  # Value's own lock guards the read and the write separately: updates are lost
    ends[i] = time.monotonic()


def counter_run(loop, n, procs=2):
    lock = CTX.Lock()
    v = CTX.Value("q", 0)
    ready = CTX.Semaphore(0)
    go = CTX.Event()
    ends = CTX.Array("d", procs)
    ps = [CTX.Process(target=loop, args=(lock, v, n, ready, go, ends, i)) for i in range(procs)]
    for p in ps:
        p.start()
    for _ in ps:
        ready.acquire()
    time.sleep(0.05)  # let both block on the event
    t0 = time.monotonic()
    go.set()
    for p in ps:
        p.join()
    elapsed_ms = (max(ends[:]) - t0) * 1000
    lost_pct = 100.0 * (procs * n - v.value) / (procs * n)
    return elapsed_ms, lost_pct


def ponger(ping, pong, stop):
    while True:
        ping.wait()
        if stop.is_set():
            return
        ping.clear()
        pong.set()


def event_round_trip_us(rounds, warmup):
    ping, pong, stop = CTX.Event(), CTX.Event(), CTX.Event()
    p = CTX.Process(target=ponger, args=(ping, pong, stop))
    p.start()
    samples = []
    for r in range(warmup + rounds):
        t = time.perf_counter()
        ping.set()
        pong.wait()
        pong.clear()
        if r >= warmup:
            samples.append((time.perf_counter() - t) * 1e6)
    stop.set()
    ping.set()
    p.join()
    return statistics.median(samples)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    locked = [counter_run(locked_loop, n) for _ in range(runs)]
    unlocked = [counter_run(unlocked_loop, n) for _ in range(runs)]
    result = {
        "increments_per_process": n,
        "runs": runs,
        "locked_ms": statistics.median(ms for ms, _ in locked),
        "locked_lost_pct": statistics.median(lost for _, lost in locked),
        "unlocked_ms": statistics.median(ms for ms, _ in unlocked),
        "unlocked_lost_pct": statistics.median(lost for _, lost in unlocked),
        "event_round_trip_us": event_round_trip_us(2_000, 200),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
