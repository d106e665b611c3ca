#!/usr/bin/env python3
"""One first-use workload in Python, run once by a fresh interpreter, as FirstUse.java does in a fresh JVM:

    python3 first_use_py.py <workload> <start method> [gap-ms]

Prints one JSON line. Workloads: cold, warm, locked, two (locked with one increment per worker: the start's
share), queue, pipe, map1, mapdefault, idle.
"""
import json
import multiprocessing as mp
import statistics
import sys
import time

INCREMENTS = 100_000
QUEUE_ITEMS = 1_000_000
ROUND_TRIPS = 2_000
MAP_ITEMS = 10_000


def noop():
    pass


def add(lock, value, increments):
    for _ in range(increments):
        with lock:
            value.value += 1


def produce(q):
    for i in range(QUEUE_ITEMS):
        q.put(i)


def echo(conn):
    for _ in range(ROUND_TRIPS):
        conn.send(conn.recv())


def inc(x):
    return x + 1


def idle_child():
    time.sleep(30)


def ms(seconds):
    return seconds * 1000


def cold(ctx, out):
    p = ctx.Process(target=noop)
    t0 = time.perf_counter()
    p.start()
    p.join()
    out["start_join_ms"] = ms(time.perf_counter() - t0)


def warm(ctx, out, gap_ms):
    if ctx.get_start_method() == "forkserver":
        p = ctx.Process(target=noop)  # boots the server, as the first warm spare boots
        p.start()
        p.join()
    time.sleep(3)
    times = []
    for _ in range(8):
        t0 = time.perf_counter()
        p = ctx.Process(target=noop)
        p.start()
        p.join()
        times.append(ms(time.perf_counter() - t0))
        time.sleep(gap_ms / 1000)
    out["gap_ms"] = gap_ms
    out["start_join_ms"] = times


def locked(ctx, out, increments=INCREMENTS):
    lock = ctx.Lock()
    value = ctx.RawValue("q", 0)
    t0 = time.perf_counter()
    ps = [ctx.Process(target=add, args=(lock, value, increments)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    out["start_to_join_ms"] = ms(time.perf_counter() - t0)
    out["counter"] = value.value


def queue(ctx, out):
    q = ctx.Queue()
    t0 = time.perf_counter()
    p = ctx.Process(target=produce, args=(q,))
    p.start()
    q.get()
    first = time.perf_counter()
    for _ in range(QUEUE_ITEMS - 1):
        q.get()
    last = time.perf_counter()
    p.join()
    out["msgs_per_s_from_first_take"] = (QUEUE_ITEMS - 1) / (last - first)
    out["msgs_per_s_from_start"] = QUEUE_ITEMS / (last - t0)


def pipe(ctx, out):
    near, far = ctx.Pipe()
    p = ctx.Process(target=echo, args=(far,))
    p.start()
    times = []
    for i in range(ROUND_TRIPS):
        t0 = time.perf_counter()
        near.send(i)
        near.recv()
        times.append(time.perf_counter() - t0)
    p.join()
    out["round_trip_us_median"] = statistics.median(times) * 1e6
    out["round_trip_us_first100_median"] = statistics.median(times[:100]) * 1e6


def map_items(ctx, out, chunk):
    items = list(range(MAP_ITEMS))
    t0 = time.perf_counter()
    with ctx.Pool(2) as pool:
        t1 = time.perf_counter()
        r = pool.map(inc, items, chunk) if chunk else pool.map(inc, items)
        t2 = time.perf_counter()
    out["pool_ms"] = ms(t1 - t0)
    out["items_per_s"] = MAP_ITEMS / (t2 - t1)
    out["items_per_s_with_pool_start"] = MAP_ITEMS / (t2 - t0)
    out["checked"] = r[-1] == MAP_ITEMS


def memory(pid):
    m, uss = {}, 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            k, v = line.split()[:2]
            if k == "Rss:":
                m["rss_mib"] = int(v) / 1024
            elif k == "Pss:":
                m["pss_mib"] = int(v) / 1024
            elif k in ("Private_Clean:", "Private_Dirty:"):
                uss += int(v)
    m["uss_mib"] = uss / 1024
    return m


def idle(ctx, out):
    ps = [ctx.Process(target=idle_child) for _ in range(2)]
    for p in ps:
        p.start()
    time.sleep(4)
    out["first"], out["second"] = memory(ps[0].pid), memory(ps[1].pid)
    for p in ps:
        p.kill()
        p.join()


def main():
    workload, method = sys.argv[1], sys.argv[2]
    ctx = mp.get_context(method)
    out = {"python": sys.version.split()[0], "start_method": method}
    if workload == "warm":
        warm(ctx, out, int(sys.argv[3]) if len(sys.argv) > 3 else 100)
    elif workload in ("map1", "mapdefault"):
        map_items(ctx, out, 1 if workload == "map1" else 0)
    else:
        workloads = {"cold": cold, "locked": locked, "two": lambda c, o: locked(c, o, 1), "queue": queue,
                     "pipe": pipe, "idle": idle}
        workloads[workload](ctx, out)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
