#!/usr/bin/env python3
"""The flood beside Python in one run: flood.py (CPython 3.11 with fork, and 3.13 with forkserver where
~/.pyenv has it) and multiproc's FloodProbe, the same n items. Prints a markdown table with ratios:

    python3 multiproc-bench/python/compare_flood.py [n] [--jar path/to/benchmarks.jar]

It builds nothing: build multiproc-bench/target/benchmarks.jar first (`./multiproc bench -h` does).
"""
import glob
import json
import os
import subprocess
import sys

from compare_ipc import JAR, ROOT, java_binary

FLOOD = os.path.join(ROOT, "multiproc-bench/python/flood.py")


def pythons():
    yield sys.executable, "fork"
    for exe in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.13*/bin/python3"))):
        yield exe, "forkserver"


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    args = sys.argv[1:]
    jar = JAR
    if "--jar" in args:
        i = args.index("--jar")
        jar = args[i + 1]
        del args[i:i + 2]
    n = int(args[0]) if args else 5_000_000
    java = run_json([java_binary(), "--enable-native-access=ALL-UNNAMED", "-cp", jar,
                     "dev.multiproc.bench.FloodProbe", str(n)])
    print(f"Flood: one producer process puts {n:,} ints into an unbounded queue, nobody consumes; then the "
          f"parent drains.\n")
    print("| | put, s | memory of the backlog, MiB | files | drain of the backlog, msg/s |")
    print("|---|---|---|---|---|")
    print(f"| multiproc | {java['put_s']:.2f} | {java['shm_mib']:.0f} (/dev/shm) | {java['files']:.0f} | "
          f"{java['drain_backlog_msgs_per_s']:,.0f} |")
    for exe, method in pythons():
        py = run_json([exe, FLOOD, str(n), method])
        print(f"| Python {py['python']} ({method}) | {py['put_s']:.2f} | {py['rss_mib']:.0f} (producer's RSS) | "
              f"0 | {py['drain_backlog_msgs_per_s']:,.0f} |")
        print(f"| ratio multiproc / Python {py['python']} | {java['put_s'] / py['put_s']:.2f}x | "
              f"{java['shm_mib'] / py['rss_mib']:.2f}x | | {java['drain_backlog_msgs_per_s'] / py['drain_backlog_msgs_per_s']:.1f}x |")
    print(f"\nmultiproc's drain of the backlog is {java['drain_backlog_msgs_per_s'] / java['drain_ring_msgs_per_s']:.2f}x "
          f"its drain from the ring in the same run ({java['drain_ring_msgs_per_s']:,.0f} msg/s); files left after "
          f"the drain: {java['files_after_drain']:.0f}")


if __name__ == "__main__":
    main()
