#!/usr/bin/env python3
"""First use, beside Python, in one run: each workload as a whole program run once, in a fresh JVM (on jars,
and again with the program's classes in a directory, as an IDE, `mvn exec` or Surefire runs it) and in a fresh
Python interpreter (3.11, and 3.13 where ~/.pyenv has it; fork, forkserver and spawn). Prints the figures, the
floors (a bare `java` start + exit, two of them started together, a booted JVM told to exit) and every goal as a ratio of the same run:

    python3 multiproc-bench/python/first_use.py [--runs N] [--only workload,...]

It builds nothing: build first (`./multiproc bench -h`, or `./mvnw -q -DskipTests install`). Each workload runs
N times (default 3) per variant after one run that is not counted (it lets the library train its AOT cache for
children, as a user's first run would); the figure is the median.
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY_WORKLOAD = os.path.join(ROOT, "multiproc-bench/python/first_use_py.py")
MAIN = "dev.multiproc.bench.firstuse.FirstUse"
WORKLOADS = ["cold", "program", "warm", "locked", "two", "queue", "pipe", "map1", "mapdefault", "idle"]
METHODS = ["fork", "forkserver", "spawn"]
MAP_ITEMS = 10_000

# workload -> (what is compared, how to read it from a run's JSON, higher is better)
FIGURES = {
    "cold": ("start + join of a program's first worker, ms", lambda r: r["start_join_ms"], False),
    "program": ("a whole program that starts one worker and joins it, launch to exit, ms",
                lambda r: r["wall_ms"], False),
    "warm": ("start + join, warm spare, starts 100 ms apart, ms",
             lambda r: statistics.median(r["start_join_ms"][2:]), False),
    "locked": ("2 fresh workers x 100 k locked increments, start() to join(), ms",
               lambda r: r["start_to_join_ms"], False),
    "two": ("the same program with 1 increment per worker: its start and join, ms",
            lambda r: r["start_to_join_ms"], False),
    "queue": ("Queue, 1 M Integers from a fresh worker, msg/s", lambda r: r["msgs_per_s_from_first_take"], True),
    "pipe": ("Pipe round trip to a fresh worker, median, us", lambda r: r["round_trip_us_median"], False),
    "map1": ("fresh pool(2), first map of 10 k items, chunk size 1, items/s", lambda r: r["items_per_s"], True),
    "mapdefault": ("fresh pool(2), first map of 10 k items, default chunking, items/s",
                   lambda r: r["items_per_s"], True),
    "idle": ("one more idle worker: its USS, MiB", lambda r: r["second"]["uss_mib"], False),
}


def java():
    home = os.environ.get("JAVA_HOME")
    exe = os.path.join(home, "bin/java") if home else shutil.which("java")
    if not exe or not os.path.exists(exe):
        sys.exit("first_use: no java: set JAVA_HOME to a JDK 25")
    return exe


def class_paths():
    """(jars, directory): the library's jar, and the program's classes as a jar or as a directory. Both stay in
    multiproc-bench/target/first-use between runs, as a user's build output does (a new jar each run would be a
    new application for the JVM's caches)."""
    cores = [j for j in glob.glob(os.path.join(ROOT, "multiproc-core/target/multiproc-core-*.jar"))
             if not j.endswith(("-tests.jar", "-sources.jar", "-javadoc.jar"))]
    classes = os.path.join(ROOT, "multiproc-bench/target/classes/dev/multiproc/bench/firstuse")
    if not cores or not os.path.isdir(classes):
        sys.exit("first_use: build first: ./mvnw -q -DskipTests install")
    work = os.path.join(ROOT, "multiproc-bench/target/first-use")
    app_dir, app_jar = os.path.join(work, "classes"), os.path.join(work, "app.jar")
    newest = max(os.path.getmtime(os.path.join(classes, f)) for f in os.listdir(classes))
    if not os.path.exists(app_jar) or os.path.getmtime(app_jar) < newest:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(classes, os.path.join(app_dir, "dev/multiproc/bench/firstuse"))
        jar_tool = os.path.join(os.path.dirname(java()), "jar")
        subprocess.run([jar_tool, "cf", app_jar, "-C", app_dir, "."], check=True)
    return cores[0] + os.pathsep + app_jar, cores[0] + os.pathsep + app_dir


def run_json(cmd):
    """Runs one program; its JSON line, with the program's whole wall time (launch to exit) added as wall_ms."""
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    wall_ms = (time.perf_counter() - t0) * 1000
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[-3:])} failed: {out.stderr[-2000:]}")
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "wall_ms": wall_ms}


def jvm(cp, *args):
    return [java(), "--enable-native-access=ALL-UNNAMED", "-cp", cp, MAIN, *args]


def pythons():
    found = [(sys.executable, sys.version.split()[0])]
    for exe in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.13*/bin/python3"))):
        found.append((exe, os.path.basename(os.path.dirname(os.path.dirname(exe)))))
    return found


def median_of(runs, workload, cmd, extra=None):
    subprocess.run(cmd, capture_output=True, timeout=600)  # not counted: caches, page cache, AOT training
    time.sleep(3)  # what the run above started in the background (the library's AOT training) ends first
    runs_json = [run_json(cmd) for _ in range(runs)]
    if extra is not None:
        extra.extend(runs_json)
    return statistics.median(FIGURES[workload][1](r) for r in runs_json)


def wall_ms(cmd, runs):
    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])


def two_at_once_ms(cmd, runs):
    """Two of cmd started together, until both have exited: the floor of a workload that boots two JVMs."""
    times = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL) for _ in range(2)]
        for p in procs:
            p.wait()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])


def booted_exit_ms(cp, runs):
    times = []
    for _ in range(runs):
        p = subprocess.Popen(jvm(cp, "booted"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        p.stdout.readline()  # "ready": booted
        time.sleep(0.2)
        t0 = time.perf_counter()
        p.stdin.close()
        p.wait()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    only = args[args.index("--only") + 1].split(",") if "--only" in args else WORKLOADS
    jars, directory = class_paths()
    results = {"floor_java_start_exit_ms": wall_ms(jvm(jars, "empty"), runs),
               "floor_two_java_start_exit_ms": two_at_once_ms(jvm(jars, "empty"), runs),
               "floor_booted_jvm_exit_ms": booted_exit_ms(jars, runs)}
    for w in only:
        extra = ["100"] if w == "warm" else []
        mode = "cold" if w == "program" else w  # the cold program, timed from outside
        java_runs = []
        results[w] = {"multiproc, jars": median_of(runs, w, jvm(jars, mode, *extra), java_runs),
                      "multiproc, classes in a directory": median_of(runs, w, jvm(directory, mode, *extra))}
        if w == "cold":
            results["cold_context_ms"] = statistics.median(r["context_ms"] for r in java_runs)
        for exe, version in pythons():
            for m in METHODS:
                results[w][f"Python {version} {m}"] = median_of(runs, w, [exe, PY_WORKLOAD, mode, m, *extra])
        print(f"{w}: {json.dumps(results[w])}", file=sys.stderr)
    report(results, only, runs)


def fmt(v):
    return f"{v:,.0f}" if v >= 1000 else f"{v:.2f}" if v < 10 else f"{v:.1f}"


def report(results, only, runs):
    print(f"First use: each workload run once per fresh process, median of {runs} runs; "
          f"floors: a bare `java` start + exit {fmt(results['floor_java_start_exit_ms'])} ms, "
          f"two bare `java` started together, until both exit {fmt(results['floor_two_java_start_exit_ms'])} ms, "
          f"a booted JVM told to exit {fmt(results['floor_booted_jvm_exit_ms'])} ms.")
    if "cold_context_ms" in results:
        print(f"A program's first Context.processes() (jars) took {fmt(results['cold_context_ms'])} ms before its "
              f"first start(); Python has no such step.")
    print()
    for w in only:
        what, _, higher = FIGURES[w]
        print(f"| {what} | figure | multiproc (jars) / this | multiproc (directory) / this |")
        print("|---|---|---|---|")
        row = results[w]
        for name, v in row.items():
            print(f"| {name} | {fmt(v)} | {row['multiproc, jars'] / v:.2f}x | "
                  f"{row['multiproc, classes in a directory'] / v:.2f}x |")
        print()
    goals(results, only)
    print(json.dumps(results))


def goals(results, only):
    """Each goal of the first-use table as a ratio of this run."""
    lines = []

    def ratio(w, variant, baseline):
        return results[w][variant] / results[w][baseline] if baseline in results[w] else None

    py = [k.split(" ")[1] for k in results[only[0]] if k.startswith("Python")]
    versions = sorted(set(py))
    for variant in ("multiproc, jars", "multiproc, classes in a directory"):
        for v in versions:
            if "cold" in results:
                lines.append((f"cold start + join ({variant}) / Python {v} spawn", ratio("cold", variant, f"Python {v} spawn"), "<= 1.0"))
            if "program" in results:
                lines.append((f"whole one-worker program ({variant}) / Python {v} spawn",
                              ratio("program", variant, f"Python {v} spawn"), "(no goal)"))
            if "warm" in results:
                lines.append((f"warm spare start + join ({variant}) / Python {v} forkserver",
                              ratio("warm", variant, f"Python {v} forkserver"), "<= 1.0"))
            if "locked" in results:
                lines.append((f"locked increments ({variant}) / Python {v} fork", ratio("locked", variant, f"Python {v} fork"), "<= 1.0"))
            if "queue" in results:
                lines.append((f"queue ({variant}) / Python {v} fork", ratio("queue", variant, f"Python {v} fork"), ">= 10"))
            if "pipe" in results:
                lines.append((f"pipe round trip ({variant}) / Python {v} fork", ratio("pipe", variant, f"Python {v} fork"), "<= 0.15"))
            if "map1" in results:
                lines.append((f"first map, chunk 1 ({variant}) / Python {v} fork", ratio("map1", variant, f"Python {v} fork"), ">= 5"))
            if "mapdefault" in results:
                lines.append((f"first map, default chunks ({variant}) / Python {v} fork",
                              ratio("mapdefault", variant, f"Python {v} fork"), ">= 1"))
                if variant.endswith("jars"):  # the same for both variants: it depends on the floor alone
                    ceiling = MAP_ITEMS / (results["floor_two_java_start_exit_ms"] / 1000)
                    lines.append((f"any first map of a fresh pool(2): 10 k items / two bare java start + exit "
                                  f"at once, over Python {v} fork's default chunks",
                                  ceiling / results["mapdefault"][f"Python {v} fork"], "floor"))
            if "idle" in results:
                lines.append((f"idle worker USS ({variant}) / Python {v} spawn", ratio("idle", variant, f"Python {v} spawn"), "<= 3"))
        if "cold" in results:
            lines.append((f"cold start + join ({variant}) / bare java start + exit",
                          results["cold"][variant] / results["floor_java_start_exit_ms"], "<= 1.5"))
        if "locked" in results:
            lines.append((f"locked increments ({variant}) / two bare java start + exit at once",
                          results["locked"][variant] / results["floor_two_java_start_exit_ms"], "floor"))
        if "locked" in results and "two" in results:  # how much of the time is starting the workers
            rows = [variant] + ([f"Python {v} fork" for v in versions] if variant.endswith("jars") else [])
            for row in rows:
                lines.append((f"locked increments, the start's share: 1 increment / 100 k ({row})",
                              results["two"][row] / results["locked"][row], "(no goal)"))
        if "warm" in results:
            lines.append((f"warm spare start + join ({variant}) / booted JVM told to exit",
                          results["warm"][variant] / results["floor_booted_jvm_exit_ms"], "<= 2"))
    print("| goal | ratio | target |")
    print("|---|---|---|")
    for name, value, target in lines:
        if value is not None:
            print(f"| {name} | {value:.2f}x | {target} |")
    print()


if __name__ == "__main__":
    main()
