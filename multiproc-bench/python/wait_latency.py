"""How soon multiprocessing.connection.wait returns once a child makes a pipe or a queue ready, beside a plain
recv()/get() (the floor), in the shape of dev.multiproc.bench.WaitForAnyProbe: the child sleeps 2 ms before each
message; latency = the parent's time.monotonic_ns() on return minus the child's just before it sent.

    python3 multiproc-bench/python/wait_latency.py [--start-method fork|forkserver|spawn]
"""
import argparse
import multiprocessing as mp
import time
from multiprocessing.connection import wait

N = 300


def serve(orders, writer, queue):
    while True:
        order = orders.recv()
        if order == "stop":
            return
        time.sleep(0.002)
        if order == "pipe":
            writer.send(time.monotonic_ns())
        else:
            queue.put(time.monotonic_ns())


def figures(samples):
    s = sorted(samples)
    return "median %.0f us, p99 %.0f us" % (s[len(s) // 2] / 1e3, s[len(s) * 99 // 100] / 1e3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--start-method", default="fork")
    ctx = mp.get_context(parser.parse_args().start_method)
    orders, ask = ctx.Pipe()
    reader, writer = ctx.Pipe()
    queue = ctx.Queue()
    child = ctx.Process(target=serve, args=(orders, writer, queue))
    idle = ctx.Process(target=time.sleep, args=(3600,))
    child.start()
    idle.start()
    # a Queue has no handle of its own for wait(): its reader pipe is what waits (queue._reader)
    watched = [reader, queue._reader, idle.sentinel]
    for rnd in (1, 2):
        wait_pipe, recv_pipe, wait_queue, get_queue = [], [], [], []
        for _ in range(N):
            ask.send("pipe")
            wait(watched)
            wait_pipe.append(time.monotonic_ns() - reader.recv())
            ask.send("pipe")
            recv_pipe.append(-reader.recv() + time.monotonic_ns())
            ask.send("queue")
            wait(watched)
            wait_queue.append(time.monotonic_ns() - queue.get())
            ask.send("queue")
            get_queue.append(-queue.get() + time.monotonic_ns())
        print("round %d: pipe wait %s, recv %s; queue wait %s, get %s" % (
            rnd, figures(wait_pipe), figures(recv_pipe), figures(wait_queue), figures(get_queue)))
    ask.send("stop")
    child.join()
    idle.terminate()
    idle.join()


if __name__ == "__main__":
    main()
