#!/usr/bin/env python3
"""Runs Python's pool baseline (pool_map.py) and multiproc's PoolBenchmark (JMH) back to back, same machine,
and prints a markdown table of medians with ratios against Python measured in the same run.

    python3 multiproc-bench/python/compare_pool.py

It runs `./multiproc bench PoolBenchmark`, which builds what is missing.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def python_baseline():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "multiproc-bench/python/pool_map.py")],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def jmh_medians():
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = f.name
    try:
        subprocess.run([os.path.join(ROOT, "multiproc"), "bench", "PoolBenchmark",
                        "-rf", "json", "-rff", result_file], check=True, stdout=sys.stderr)
        with open(result_file) as f:
            runs = json.load(f)
        return {(r["benchmark"].rsplit(".", 1)[1], r["params"]["engine"]):
                r["primaryMetric"]["scorePercentiles"]["50.0"] for r in runs}
    finally:
        os.unlink(result_file)


def main():
    py = python_baseline()
    java = jmh_medians()
    n = 10_000
    rows = [  # (workload, multiproc engine, unit, multiproc value, Python value, higher is better, goal)
        ("Pool(2).map, 10k trivial tasks, chunk size 1, tasks/s", "process",
         n / java[("mapChunksOfOne", "process")] * 1000, n / py["map_chunk1_ms"] * 1000, True, ">= 5x"),
        ("Pool(2).map, 10k trivial tasks, default chunking, tasks/s", "process",
         n / java[("mapDefaultChunks", "process")] * 1000, n / py["map_default_ms"] * 1000, True, ">= 1x"),
        ("submit + get of one trivial task, us", "process",
         java[("submitGet", "process")], py["submit_result_us"], False, "<= 0.1x"),
        ("  reference: Pool(2).map chunk size 1 on platform threads, tasks/s", "thread",
         n / java[("mapChunksOfOne", "thread")] * 1000, n / py["map_chunk1_ms"] * 1000, True, ""),
        ("  reference: submit + get on platform threads, us", "thread",
         java[("submitGet", "thread")], py["submit_result_us"], False, ""),
    ]
    print(f"Python {py['python']} multiprocessing ({py['start_method']}) vs multiproc PoolBenchmark (JMH medians)")
    print()
    print("| workload | multiproc | Python | ratio | goal |")
    print("|---|---|---|---|---|")
    for name, _, mine, theirs, higher, goal in rows:
        ratio = mine / theirs
        print(f"| {name} | {mine:,.1f} | {theirs:,.1f} | {ratio:.2f}x | {goal} |")


if __name__ == "__main__":
    main()
