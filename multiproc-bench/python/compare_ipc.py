#!/usr/bin/env python3
"""Runs Python's Queue/Pipe baseline (queue_pipe.py) and multiproc's IpcProbe back to back (same run, same
machine) and prints a markdown table with ratios, the upper anchors (Unix-domain socket, Agrona) beside
them. Run from anywhere:

    python3 multiproc-bench/python/compare_ipc.py [runs] [--jar path/to/benchmarks.jar]

It builds nothing: build multiproc-bench/target/benchmarks.jar first (`./multiproc bench -h` does, or
`mvn -pl multiproc-bench -am package -DskipTests`). The JDK is $JAVA_HOME's, else `java` on the PATH.
"""
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "multiproc-bench/target/benchmarks.jar")
JVM_FLAGS = ["--enable-native-access=ALL-UNNAMED",
             "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",  # Agrona 2.x on JDK 25
             "--sun-misc-unsafe-memory-access=allow",
             "-XX:+UseSerialGC"]


def java_binary():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin/java")):
        return os.path.join(home, "bin/java")
    return shutil.which("java") or sys.exit("compare_ipc: no java: set JAVA_HOME to a JDK 25")


def python_baseline(runs):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "multiproc-bench/python/queue_pipe.py"), str(runs)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def java_probe(runs, jar):
    if not os.path.exists(jar):
        sys.exit(f"compare_ipc: {jar} is missing: build it first (see this script's docstring)")
    out = subprocess.run([java_binary(), *JVM_FLAGS, "-cp", jar, "dev.multiproc.bench.IpcProbe", str(runs)],
                         check=True, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fmt(v):
    if v is None:
        return "n/a"
    return f"{v:,.0f}" if v >= 1000 else f"{v:.2f}"


def main():
    args = sys.argv[1:]
    jar = JAR
    if "--jar" in args:  # e.g. a copy, so that a rebuild during the run cannot change the classes under it
        i = args.index("--jar")
        jar = args[i + 1]
        del args[i:i + 2]
    runs = int(args[0]) if args else 5
    py = python_baseline(runs)
    java = java_probe(runs, jar)
    py_q, py_rt = py["queue_msgs_per_s"], py["pipe_int_round_trip_us"]
    # (workload, multiproc or anchor figure, Python figure, "higher"/"lower" is better, goal)
    rows = [
        ("Queue, 1 producer process -> 1 consumer process, Integer, msg/s",
         java["queue_msgs_per_s"], py_q, "higher", ">= 20x"),
        ("  same, first run (cold JIT), msg/s", java["queue_cold_msgs_per_s"], py_q, "higher", ""),
        ("Pipe round trip, Integer (Python: pickled int), us", java["pipe_int_round_trip_us"], py_rt, "lower",
         "<= 0.15x"),
        ("Pipe round trip, small record (JDK serialization), us", java["pipe_record_round_trip_us"], py_rt,
         "lower", ""),
        ("anchor: Unix-domain socket, 4-byte msgs one-way, msg/s", java.get("uds_msgs_per_s"), py_q, "higher", ""),
        ("anchor: Unix-domain socket round trip, 4 bytes, us", java.get("uds_round_trip_us"), py_rt, "lower", ""),
        ("anchor: Agrona OneToOneRingBuffer one-way, spinning, msg/s", java.get("agrona_msgs_per_s"), py_q,
         "higher", ""),
        ("anchor: Agrona OneToOneRingBuffer round trip, spinning, us", java.get("agrona_round_trip_us"), py_rt,
         "lower", ""),
    ]
    print(f"Python {py['python']} multiprocessing ({py['start_method']}), medians of {runs} runs; "
          f"Python's spread: queue {fmt(py['queue_msgs_per_s_min'])}-{fmt(py['queue_msgs_per_s_max'])} msg/s, "
          f"pipe {py['pipe_int_round_trip_us_min']:.1f}-{py['pipe_int_round_trip_us_max']:.1f} us")
    print(f"multiproc's spread: queue {fmt(java['queue_msgs_per_s_min'])}-{fmt(java['queue_msgs_per_s_max'])} msg/s, "
          f"pipe (Integer) {java['pipe_int_round_trip_us_min']:.1f}-{java['pipe_int_round_trip_us_max']:.1f} us")
    print()
    print("| workload | multiproc / anchor | Python | ratio | goal |")
    print("|---|---|---|---|---|")
    for name, j, p, _better, goal in rows:
        ratio = f"{j / p:.2f}x" if j is not None and p else "n/a"
        print(f"| {name} | {fmt(j)} | {fmt(p)} | {ratio} | {goal} |")


if __name__ == "__main__":
    main()
