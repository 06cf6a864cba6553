#!/usr/bin/env python3
"""Runs the memory_allocation plugin through bbd-worker (allocation
tracking on) and prints a markdown table of allocations/op, bytes/op, peak
bytes and overhead ratio with the profiling guide's bands. The thresholds
mirror bands.h (the C classifier the daemon and tests use); allocations are
classified per record (allocs/iter divided by elements_per_iter).

usage: report_bands.py [--worker build/bin/bbd-worker]
                       [--plugin build/plugins/memory_allocation.so]
"""
import argparse
import json
import subprocess


def band_allocs(a):
    if a is None or a != a or a < 0:
        return "unknown"
    if a < 1.0 - 0.005:
        return "excellent"
    if a <= 1.0 + 0.005:
        return "good"
    return "poor"


def band_overhead(r):
    if r is None or r != r or r < 0:
        return "unknown"
    if r < 1.2:
        return "excellent"
    if r < 1.5:
        return "good"
    if r <= 2.0:
        return "fair"
    return "poor"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", default="build/bin/bbd-worker")
    ap.add_argument("--plugin", default="build/plugins/memory_allocation.so")
    args = ap.parse_args()
    cmd = [args.worker, "run", args.plugin, "--quick", "--json", "--counters",
           "task-clock"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    print("Command: `%s`" % " ".join(cmd))
    print()
    print("| benchmark | records/iter | payload B/iter | allocs/iter "
          "| bytes/iter | peak bytes | overhead | bands (allocs/record, "
          "overhead) | CPU ns/iter |")
    print("|---|---|---|---|---|---|---|---|---|")
    for line in out.stdout.splitlines():
        e = json.loads(line)
        if e.get("event") != "result":
            continue
        a = e.get("alloc") or {}
        if a.get("status") != "ok":
            print("| %s | allocation tracking %s |" % (e["id"], a.get("status")))
            continue
        tc = (e.get("counters") or {}).get("task-clock") or {}
        cpu = ""
        if tc.get("status") == "ok" and None not in tc["values"]:
            cpu = "%.1f" % (sum(tc["values"]) / float(sum(e["samples"]["iters"])))
        ratio = a.get("overhead_ratio")
        per_rec = a["allocs_per_op"] / max(1, e["elements_per_iter"])
        print("| `%s` | %d | %d | %.2f | %.0f | %d | %s | %s, %s | %s |" % (
            e["id"].split("/", 1)[1], e["elements_per_iter"],
            e["bytes_per_iter"], a["allocs_per_op"], a["bytes_per_op"],
            a["peak_bytes"], "%.2f" % ratio if ratio is not None else "-",
            band_allocs(per_rec), band_overhead(ratio), cpu))


if __name__ == "__main__":
    main()
