#!/usr/bin/env python3
"""Runs Python's start+join baseline and multiproc's WorkerStartBenchmark back to back (same run, same
machine) and prints a table with ratios. Run from the repository root:

    python3 multiproc-bench/python/compare_start.py

It runs `./multiproc bench WorkerStartBenchmark`, which builds what is missing.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def python_baseline():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "multiproc-bench/python/start_join.py")],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def jmh_medians():
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = f.name
    try:
        subprocess.run([os.path.join(ROOT, "multiproc"), "bench", "WorkerStartBenchmark",
                        "-rf", "json", "-rff", result_file], check=True, stdout=sys.stderr)
        with open(result_file) as f:
            runs = json.load(f)
        return {r["params"]["engine"]: r["primaryMetric"]["scorePercentiles"]["50.0"] for r in runs}
    finally:
        os.unlink(result_file)


def main():
    py = python_baseline()
    java = jmh_medians()
    rows = [
        ("platform thread", java["thread"], "threading.Thread", py["thread"]),
        ("virtual thread", java["virtual"], "threading.Thread", py["thread"]),
        ("warm spare", java["warm"], "Process, fork", py["fork"]),
        ("cold process", java["process"], "Process, spawn", py["spawn"]),
    ]
    print("| multiproc | median ms | Python | median ms | ratio |")
    print("|---|---|---|---|---|")
    for name, jms, pname, pms in rows:
        print(f"| {name} | {jms:.3f} | {pname} | {pms:.3f} | {jms / pms:.2f}x |")


if __name__ == "__main__":
    main()
