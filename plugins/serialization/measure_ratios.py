#!/usr/bin/env python3
"""Measures the speed ratios BeBytes' profiling guide only claimed, with the
serialization plugin and bbd-worker:

  BufMut vs Vec   methods/X_vec / methods/X_bufmut    (claimed 1.5-2.0x)
  raw vs Vec      methods/X_vec / methods/X_raw       (claimed 40-80x)
  batch reuse     batch/per_item_vec / batch/shared_buffer (claimed 2-3x)

The benchmarks of one ratio run in the same round, one after the other, and
the rounds repeat (default 5), so each ratio is taken within a round and
slow drift of a shared machine cancels; the table gives the median of the
per-round ratios and their range. Timing runs use --no-alloc (no malloc
interposition).

Two times per benchmark: the wall-clock OLS slope (what the worker reports)
and the CPU time per iteration from the task-clock software counter (sum of
task-clock over sum of iterations). On a shared, overloaded machine the
process is descheduled part of the time; task-clock does not count that,
so the ratios are computed from it (--clock wall switches to the slope).

usage: measure_ratios.py [--worker build/bin/bbd-worker]
                         [--plugin build/plugins/serialization.so]
                         [--rounds 5] [--measure 1.0] [--order be]
"""
import argparse
import json
import platform
import statistics
import subprocess
import sys

PAIRS = [
    ("BufMut vs Vec", "Tiny", "methods/tiny_vec", "methods/tiny_bufmut"),
    ("BufMut vs Vec", "Medium", "methods/medium_vec", "methods/medium_bufmut"),
    ("BufMut vs Vec", "Large", "methods/large_vec", "methods/large_bufmut"),
    ("raw vs Vec", "Tiny", "methods/tiny_vec", "methods/tiny_raw"),
    ("raw vs Vec", "Medium", "methods/medium_vec", "methods/medium_raw"),
    ("raw vs Vec", "Large", "methods/large_vec", "methods/large_raw"),
    ("raw vs BufMut", "Medium", "methods/medium_bufmut", "methods/medium_raw"),
    ("batch reuse vs per-item", "1,000 Small", "batch/per_item_vec",
     "batch/shared_buffer"),
    ("batch raw vs per-item", "1,000 Small", "batch/per_item_vec",
     "batch/raw_array"),
]


def run_round(args, names):
    cmd = [args.worker, "run", args.plugin] + names + [
        "--json", "--no-alloc", "--counters", "task-clock", "--warmup",
        str(args.warmup), "--measure", str(args.measure), "--samples",
        str(args.samples), "-p", "order=" + args.order, "--seed", "1"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    res, env = {}, None
    for line in out.stdout.splitlines():
        e = json.loads(line)
        if e.get("event") == "env":
            env = e["env"]
        if e.get("event") == "result" and e["status"] == "ok":
            name = e["id"].split("/", 1)[1]
            wall = e["summary"]["ns_per_iter"]["slope"]
            tc = (e.get("counters") or {}).get("task-clock") or {}
            vals = tc.get("values") if tc.get("status") == "ok" else None
            iters = e["samples"]["iters"]
            cpu = None
            if vals and None not in vals:
                cpu = sum(vals) / float(sum(iters))
            res[name] = {"wall": wall, "cpu": cpu}
    return res, env, cmd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", default="build/bin/bbd-worker")
    ap.add_argument("--plugin", default="build/plugins/serialization.so")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--measure", type=float, default=1.0)
    ap.add_argument("--warmup", type=float, default=0.3)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--order", default="be", choices=["be", "le"])
    ap.add_argument("--clock", default="cpu", choices=["cpu", "wall"])
    args = ap.parse_args()

    names = sorted({n for p in PAIRS for n in p[2:]})
    rounds, env, cmd = [], None, None
    for r in range(args.rounds):
        # Alternate the order of the benchmarks between rounds, so neither
        # side of a ratio always runs first.
        order = names if r % 2 == 0 else list(reversed(names))
        res, env, cmd = run_round(args, order)
        rounds.append(res)
        print("round %d/%d done" % (r + 1, args.rounds), file=sys.stderr)

    cpu = (env or {}).get("cpu", {})
    print("Machine: %s, %s CPUs online, kernel %s, load %s" % (
        cpu.get("model"), cpu.get("online"), (env or {}).get("kernel"),
        (env or {}).get("load")))
    print("Command per round: `%s`" % " ".join(cmd))
    print()
    k = args.clock
    other = "wall" if k == "cpu" else "cpu"
    print("Times are %s ns/iter (median over rounds; %s time in brackets)."
          % ("task-clock CPU" if k == "cpu" else "wall-clock slope",
             "wall-clock slope" if k == "cpu" else "task-clock CPU"))
    print()
    print("| ratio | struct | numerator | denominator "
          "| ratio (median) | range over %d rounds |" % args.rounds)
    print("|---|---|---|---|---|---|")

    def med(name, key):
        v = [r[name][key] for r in rounds
             if name in r and r[name][key] is not None]
        return statistics.median(v) if v else float("nan")

    for label, what, num, den in PAIRS:
        ratios = [r[num][k] / r[den][k] for r in rounds
                  if num in r and den in r and r[num][k] and r[den][k]]
        if not ratios:
            continue
        print("| %s | %s | `%s` %.2f (%.2f) | `%s` %.2f (%.2f) | **%.1fx** "
              "| %.1f-%.1fx |" % (
                  label, what, num, med(num, k), med(num, other), den,
                  med(den, k), med(den, other), statistics.median(ratios),
                  min(ratios), max(ratios)))
    print()
    print("Python %s on %s" % (platform.python_version(), platform.node()))


if __name__ == "__main__":
    main()
