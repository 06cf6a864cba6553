#!/usr/bin/env python3
"""Sweeps the working-set size of access_pattern/{random,sequential,strided}
through bbd-worker and prints a markdown table of ns per dependent access,
the latency-vs-size curve. CPU time per access comes from the task-clock
software counter (robust on a shared machine); the wall-clock slope is
given in brackets.

usage: latency_curve.py [--worker build/bin/bbd-worker]
        [--plugin build/plugins/cache_performance.so]
        [--patterns random,sequential] [--max-kib 524288]
"""
import argparse
import json
import subprocess


def one(args, pattern, nbytes):
    cmd = [args.worker, "run", args.plugin, "access_pattern/%s/l1" % pattern,
           "-p", "bytes=%d" % nbytes, "--quick", "--json", "--no-alloc",
           "--counters", "task-clock"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    for line in out.stdout.splitlines():
        e = json.loads(line)
        if e.get("event") == "result" and e["status"] == "ok":
            per = float(e["elements_per_iter"])
            wall = e["summary"]["ns_per_iter"]["slope"] / per
            tc = e["counters"]["task-clock"]
            cpu = None
            if tc["status"] == "ok" and None not in tc["values"]:
                cpu = sum(tc["values"]) / float(sum(e["samples"]["iters"])) / per
            return cpu, wall
    return None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", default="build/bin/bbd-worker")
    ap.add_argument("--plugin", default="build/plugins/cache_performance.so")
    ap.add_argument("--patterns", default="random,sequential")
    ap.add_argument("--max-kib", type=int, default=512 * 1024)
    args = ap.parse_args()
    patterns = args.patterns.split(",")
    sizes = []
    kib = 16
    while kib <= args.max_kib:
        sizes.append(kib)
        kib *= 2
    print("Command per point: `%s run %s 'access_pattern/PATTERN/l1' "
          "-p bytes=N --quick --json --no-alloc --counters task-clock`"
          % (args.worker, args.plugin))
    print()
    print("| working set | " + " | ".join(
        "%s ns/access" % p for p in patterns) + " |")
    print("|---|" + "---|" * len(patterns))
    for kib in sizes:
        cells = []
        for p in patterns:
            cpu, wall = one(args, p, kib * 1024)
            cells.append("%.2f (%.2f)" % (cpu, wall) if cpu is not None
                         else "-")
        label = "%d KiB" % kib if kib < 1024 else "%d MiB" % (kib // 1024)
        print("| %s | %s |" % (label, " | ".join(cells)), flush=True)


if __name__ == "__main__":
    main()
