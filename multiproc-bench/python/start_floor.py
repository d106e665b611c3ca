#!/usr/bin/env python3
"""The floor under the worker start-time goals, measured beside Python in the same run.

- cold floor: a bare JVM (an empty main, the child's flags, CDS on) started and waited for; no multiproc code.
- warm floor: a JVM booted ahead and blocked on its standard input, told to exit and waited for: the least a
  warm spare that serves one worker (a fresh JVM per worker) can cost, before any task is handed over.
- Python: multiprocessing Process start + join with fork and with spawn (start_join.py's functions).

Prints a markdown table of medians (ms) and ratios. Run: python3 multiproc-bench/python/start_floor.py [reps]
"""
import glob
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from start_join import process_once  # noqa: E402

HELLO = "public class Hello { public static void main(String[] a) throws Exception {" \
        " if (a.length > 0) System.in.read(); } }"
FLAGS = ["-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto"]


def jdk25():
    home = os.environ.get("JAVA_HOME", "")
    candidates = [home] if home else []
    candidates += sorted(glob.glob("/usr/lib/jvm/*25*"))
    for c in candidates:
        if os.path.exists(os.path.join(c, "bin", "javac")):
            return c
    sys.exit("no JDK 25 found: set JAVA_HOME")


def median_ms(once, reps):
    for _ in range(max(2, reps // 10)):
        once()
    samples = []
    for _ in range(reps):
        samples.append(once())
    return statistics.median(samples)


def timed(fn):
    def once():
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1000
    return once


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    jdk = jdk25()
    java = os.path.join(jdk, "bin", "java")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "Hello.java"), "w") as f:
            f.write(HELLO)
        subprocess.run([os.path.join(jdk, "bin", "javac"), "-d", d, os.path.join(d, "Hello.java")], check=True)
        cmd = [java] + FLAGS + ["-cp", d, "Hello"]

        def cold():
            subprocess.run(cmd, check=True)

        def warm_once():
            p = subprocess.Popen(cmd + ["wait"], stdin=subprocess.PIPE)
            time.sleep(0.4)  # booted and blocked in System.in.read, outside the measured time
            t = time.perf_counter()
            p.stdin.write(b"x")
            p.stdin.flush()
            p.wait()
            return (time.perf_counter() - t) * 1000

        fork, spawn = mp.get_context("fork"), mp.get_context("spawn")
        rows = {
            "Python fork start+join": median_ms(timed(lambda: process_once(fork)), reps),
            "Python spawn start+join": median_ms(timed(lambda: process_once(spawn)), reps),
            "bare JVM start+exit (cold floor)": median_ms(timed(cold), reps),
            "booted JVM told to exit (warm floor)": median_ms(warm_once, reps),
        }
    print("| what | median ms |")
    print("|---|---|")
    for k, v in rows.items():
        print(f"| {k} | {v:.2f} |")
    f, s = rows["Python fork start+join"], rows["Python spawn start+join"]
    print(f"\ncold floor / spawn = {rows['bare JVM start+exit (cold floor)'] / s:.2f}x (goal for a cold worker: <= 0.6x)")
    print(f"warm floor / fork = {rows['booted JVM told to exit (warm floor)'] / f:.2f}x (goal for a warm spare: <= 0.5x)")


if __name__ == "__main__":
    main()
