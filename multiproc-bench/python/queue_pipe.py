#!/usr/bin/env python3
"""Python's baseline for IpcProbe: multiprocessing.Queue throughput and Pipe round trip.

- queue: one producer process -> one consumer process, 200k small ints per run. Both wait at a Barrier;
  the producer records the start, the consumer the end after its last get (time.monotonic is
  CLOCK_MONOTONIC, one clock for every process). A first, smaller run warms up and is not counted.
- pipe: the parent sends a pickled int to a child that echoes it, 20k round trips per run after 2k of
  warm-up.

Prints one JSON object of medians over the runs:

  {"queue_msgs_per_s": .., "pipe_int_round_trip_us": .., "start_method": "fork", ...}

Run: python3 multiproc-bench/python/queue_pipe.py [runs] [messages] [round_trips]
"""
import json
import multiprocessing as mp
import statistics
import sys
import time

CTX = mp.get_context()  # the platform default: fork on Linux with 3.11; start-up is not timed either way


def producer(q, barrier, starts, counts):
    for r, n in enumerate(counts):
        barrier.wait()
        starts[r] = time.monotonic()
        for i in range(n):
            q.put(i)


def consumer(q, barrier, ends, counts):
    for r, n in enumerate(counts):
        barrier.wait()
        for i in range(n):
            if q.get() != i:
                raise AssertionError("out of order")
        ends[r] = time.monotonic()


def queue_throughput(runs, n):
    counts = [max(1, n // 10)] + [n] * runs  # the first run warms up
    q = CTX.Queue()
    barrier = CTX.Barrier(2)
    starts = CTX.Array("d", len(counts))
    ends = CTX.Array("d", len(counts))
    procs = [CTX.Process(target=consumer, args=(q, barrier, ends, counts)),
             CTX.Process(target=producer, args=(q, barrier, starts, counts))]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise RuntimeError(f"queue child failed: {p.exitcode}")
    return [counts[r] / (ends[r] - starts[r]) for r in range(1, len(counts))]


def echo(conn):
    while True:
        m = conn.recv()
        if m is None:
            return
        conn.send(m)


def pipe_round_trips(runs, n, warmup):
    parent, child = CTX.Pipe()
    p = CTX.Process(target=echo, args=(child,))
    p.start()
    us = []
    for r in range(-1, runs):
        count = warmup if r < 0 else n
        t = time.perf_counter()
        for i in range(count):
            parent.send(i)
            if parent.recv() != i:
                raise AssertionError("bad echo")
        if r >= 0:
            us.append((time.perf_counter() - t) / count * 1e6)
    parent.send(None)
    p.join()
    return us


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    round_trips = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    rates = queue_throughput(runs, messages)
    us = pipe_round_trips(runs, round_trips, max(1, round_trips // 10))
    print(json.dumps({
        "queue_msgs_per_s": statistics.median(rates),
        "queue_msgs_per_s_min": min(rates),
        "queue_msgs_per_s_max": max(rates),
        "pipe_int_round_trip_us": statistics.median(us),
        "pipe_int_round_trip_us_min": min(us),
        "pipe_int_round_trip_us_max": max(us),
        "start_method": CTX.get_start_method(),
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
