#!/usr/bin/env python3
"""The flood, in Python: one producer process puts n ints into an unbounded multiprocessing.Queue while
nobody consumes, then the parent drains them. Prints one JSON line (the figures of FloodProbe.java):

    python3 flood.py [n] [start method]

put_s is the producer's put loop (Python's put returns once the item is in the producer's buffer; a feeder
thread writes it into the pipe as the consumer reads). rss_mib is the growth of the producer's peak RSS
(VmHWM) over the loop: where Python keeps the backlog. Drain rates as in FloodProbe: items 50 000 to
150 000, and the second half.
"""
import json
import multiprocessing as mp
import sys
import time


def peak_rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def producer(q, n, report):
    before = peak_rss_kib()
    t0 = time.perf_counter()
    for i in range(n):
        q.put(i)
    report.send((time.perf_counter() - t0, (peak_rss_kib() - before) / 1024))
    report.close()  # the process ends once its feeder thread has handed every item to the pipe


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    method = sys.argv[2] if len(sys.argv) > 2 else mp.get_start_method()
    ctx = mp.get_context(method)
    q = ctx.Queue()
    reader, writer = ctx.Pipe(duplex=False)
    t0 = time.perf_counter()
    p = ctx.Process(target=producer, args=(q, n, writer))
    p.start()
    writer.close()
    put_loop_s, rss_mib = reader.recv()
    put_s = time.perf_counter() - t0
    early_from, early_to, backlog_from = 50_000, 150_000, n // 2
    marks = {}
    for i in range(n):
        if i in (early_from, early_to, backlog_from):
            marks[i] = time.perf_counter()
        got = q.get()
        if got != i:
            sys.exit(f"took {got} for item {i}")
    end = time.perf_counter()
    p.join()
    print(json.dumps({
        "python": sys.version.split()[0], "start_method": method, "items": n, "put_s": put_s,
        "put_loop_s": put_loop_s, "rss_mib": rss_mib,
        "drain_early_msgs_per_s": (early_to - early_from) / (marks[early_to] - marks[early_from]),
        "drain_backlog_msgs_per_s": (n - backlog_from) / (end - marks[backlog_from]),
    }))


if __name__ == "__main__":
    main()
