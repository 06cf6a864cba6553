#!/usr/bin/env python3
"""Paired A/B rounds driven directly through two `bbd-worker serve` processes,
to see what the daemon's paired verdict would be if it used each round's CPU
time (the worker's task-clock counter) instead of its wall time.

The daemon (bbd/server/ab.c) takes each round's value from the wall-clock
`ns` of the measure reply. On a shared VM most of that is time spent waiting
for a CPU, which both dilutes a real change (waiting time is not 3% longer
because the work is) and spreads the log-ratios. This probe repeats the
daemon's procedure (calibrate A, ~20 ms rounds, ABBA order, one sample per
side per round) and reports, for wall time and for task-clock, the median
log-ratio with the distribution-free 95% sign-test interval the daemon uses.

    bench/ab/cputime_probe.py BUILD_DIR [A|B (head side, default B)] [SECONDS]

Used by docs/perf/ab.md; not a test.
"""
import json
import math
import subprocess
import sys
import time

from scipy.stats import binom


def spawn(worker, so):
    p = subprocess.Popen([worker, "serve", so, "ab_cost/cost/spin"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, bufsize=1)
    ev = json.loads(p.stdout.readline())
    if ev.get("event") != "ready":
        raise SystemExit(f"worker not ready: {ev}")
    return p


def cmd(p, obj):
    p.stdin.write(json.dumps(obj) + "\n")
    p.stdin.flush()
    return json.loads(p.stdout.readline())


def sign_ci(d, conf=0.95):
    """Sign-test interval [d_(k), d_(n-k+1)] as in docs/STATISTICS.md."""
    d = sorted(d)
    n = len(d)
    k = 0
    for j in range(1, n + 1):
        if 2 * binom.cdf(j - 1, n, 0.5) <= 1 - conf:
            k = j
    if k == 0:
        return float("nan"), float("nan")
    return d[k - 1], d[n - k]


def main():
    build = sys.argv[1]
    head = sys.argv[2] if len(sys.argv) > 2 else "B"
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30
    worker = f"{build}/bin/bbd-worker"
    sides = [spawn(worker, f"{build}/ab/a/ab_cost.so"),
             spawn(worker, f"{build}/ab/{head.lower()}/ab_cost.so")]
    try:
        cal = cmd(sides[0], {"cmd": "calibrate", "warmup_s": 0.2})
        iters = max(1, int(20e6 / cal["ns_per_iter"]))
        wall = [[], []]
        cpu = [[], []]
        t0 = time.monotonic()
        r = 0
        while time.monotonic() - t0 < seconds and r < 5000:
            # ABBA: rounds 0,2,4.. A first; 1,3,5.. B first.
            order = (0, 1) if r % 2 == 0 else (1, 0)
            for s in order:
                ev = cmd(sides[s], {"cmd": "measure", "iters": iters,
                                    "samples": 1})
                wall[s].append(ev["samples"]["ns"][0] / iters)
                tc = ev["counters"]["task-clock"]["values"][0]
                cpu[s].append(tc / iters)
            r += 1
        elapsed = time.monotonic() - t0
    finally:
        for p in sides:
            try:
                cmd(p, {"cmd": "quit"})
            except (OSError, ValueError):
                pass
            p.kill()
            p.wait()
    print(f"head={head} rounds={r} iters/round={iters} elapsed={elapsed:.1f}s "
          f"load={open('/proc/loadavg').read().split()[0]}")
    for name, v in (("wall", wall), ("task-clock", cpu)):
        d = [math.log(b / a) for a, b in zip(v[0], v[1]) if a > 0 and b > 0]
        med = sorted(d)[len(d) // 2]
        lo, hi = sign_ci(d)
        print(f"  {name:10s} per-iter A median {sorted(v[0])[len(v[0]) // 2]:.0f} ns"
              f"  change {math.expm1(med) * 100:+.2f}%"
              f"  95% sign CI [{math.expm1(lo) * 100:+.2f}%, "
              f"{math.expm1(hi) * 100:+.2f}%]  width {(math.expm1(hi) - math.expm1(lo)) * 100:.2f} pts")


if __name__ == "__main__":
    main()
