#!/usr/bin/env python3
"""Runs every benchmark of one workload plugin through bbd-worker in quick
mode and checks each result: status ok, a positive time per iteration, no
"optimized-away" warning. For memory_allocation it also checks the
allocation counts the worker measured, which are exact (not timings).

usage: run_workloads.py WORKER PLUGIN.so [--small] [-- extra worker args]
"""
import json
import os
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def describe(worker, plugin):
    out = subprocess.run([worker, "describe", plugin], capture_output=True,
                         text=True, timeout=60)
    if out.returncode != 0:
        fail("describe failed: %s %s" % (out.stdout, out.stderr))
    return json.loads(out.stdout)


def run(worker, plugin, args, counters):
    cmd = [worker, "run", plugin, "--quick", "--json", "--warmup", "0.01",
           "--measure", "0.05", "--samples", "5", "--counters", counters,
           "--timeout", "120"] + args
    print("+ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        fail("worker exited %d\n%s\n%s" % (out.returncode, out.stdout[-4000:],
                                           out.stderr[-4000:]))
    events = []
    for line in out.stdout.splitlines():
        line = line.strip()
        if line:
            events.append(json.loads(line))
    return events


def check_alloc(results):
    """Allocation counts of memory_allocation, when tracking is on."""
    def alloc(name):
        r = results.get("memory_allocation/" + name)
        if r is None:
            fail("missing result " + name)
        return r.get("alloc") or {}

    probe = alloc("patterns/vec_allocations")
    if probe.get("status") != "ok":
        print("allocation tracking is %s: count checks skipped"
              % probe.get("status"))
        return
    expect_one = ["patterns/vec_allocations", "patterns/bufmut_allocations"]
    expect_zero = ["patterns/reused_buffer"]
    for n in expect_one:
        a = alloc(n)["allocs_per_op"]
        if abs(a - 1.0) > 0.01:
            fail("%s: %.3f allocations/op, expected 1" % (n, a))
    for n in expect_zero:
        a = alloc(n)["allocs_per_op"]
        if a > 0.01:
            fail("%s: %.3f allocations/op, expected 0" % (n, a))
    reuse = alloc("reuse/buffer_reuse")["allocs_per_op"]
    fresh = alloc("reuse/no_reuse")["allocs_per_op"]
    if not reuse < fresh:
        fail("reuse/buffer_reuse (%.2f) not below no_reuse (%.2f)"
             % (reuse, fresh))
    batch = alloc("peak/batch_peak_memory")["peak_bytes"]
    stream = alloc("peak/streaming_peak_memory")["peak_bytes"]
    if not batch >= 50 * stream:
        fail("peak: batch %d bytes vs streaming %d bytes" % (batch, stream))
    print("allocation counts ok (reuse %.2f vs %.2f allocs/op, peak %d vs %d)"
          % (reuse, fresh, batch, stream))


def check_counters(results):
    """cache_performance runs with the default counter set: the hardware
    cache and cycle counters are attached where the machine has them, and
    where it does not (this VM) each says why instead of giving numbers."""
    want = ["cycles", "instructions", "cache-misses", "L1-dcache-load-misses",
            "task-clock"]
    for bid, r in results.items():
        ctrs = r.get("counters") or {}
        for name in want:
            c = ctrs.get(name)
            if c is None:
                fail("%s: no %s counter in the result" % (bid, name))
            if c["status"] == "ok":
                if c["values"] is None:
                    fail("%s: %s ok but without values" % (bid, name))
            else:
                if c["values"] is not None:
                    fail("%s: %s is %s but has values" % (bid, name,
                                                          c["status"]))
                if not (c.get("errno") or c.get("reason")):
                    fail("%s: %s is %s without a reason" % (bid, name,
                                                            c["status"]))
    print("counter statuses ok")


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        extra = argv[i + 1:]
        argv = argv[:i]
    small = "--small" in argv
    argv = [a for a in argv if a != "--small"]
    worker, plugin = argv[0], argv[1]
    if not os.access(worker, os.X_OK):
        fail("no worker at " + worker)
    desc = describe(worker, plugin)
    ids = [b["id"] for b in desc["benchmarks"]]
    params = {p["name"] for b in desc["benchmarks"] for p in b["params"]}
    args = list(extra)
    if small and "bytes" in params:
        # Sanitizer builds: a smaller working set for the DRAM-sized cases.
        args += ["-p", "bytes=4194304"]
    name = desc["plugin"]["name"]
    counters = "default" if name == "cache_performance" else "none"
    events = run(worker, plugin, args, counters)
    results = {}
    for e in events:
        if e.get("event") == "result":
            results[e["id"]] = e
    bad = []
    for bid in ids:
        r = results.get(bid)
        if r is None:
            bad.append("%s: no result" % bid)
            continue
        if r["status"] != "ok":
            bad.append("%s: %s" % (bid, r.get("reason")))
            continue
        ns = r["summary"]["ns_per_iter"]
        if not ns or not ns.get("median", 0) > 0:
            bad.append("%s: no time per iteration" % bid)
        for w in r.get("warnings") or []:
            if w.get("code") == "optimized-away":
                bad.append("%s: %s" % (bid, w.get("message")))
    if bad:
        fail("\n  ".join(["%d of %d benchmarks bad:" % (len(bad), len(ids))]
                         + bad))
    print("%d benchmarks ok" % len(ids))
    if name == "memory_allocation":
        check_alloc(results)
    if name == "cache_performance":
        check_counters(results)


if __name__ == "__main__":
    main()
