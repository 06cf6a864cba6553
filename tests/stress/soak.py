#!/usr/bin/env python3
"""Soak: N quick runs queued at once while R threads read the API on
keep-alive connections, for at most --max-duration seconds of reading.

Records (one summary line, and --json FILE):
  - lost runs: every accepted run id is still listed, none failed, every
    done run has all its results (target 0);
  - RSS growth of bbd from a warmed-up baseline (after the first --warmup
    runs finished) to the end, when the queue is drained (target < 10 %);
  - fd count of bbd at the baseline and at the end, from /proc/PID/fd (no
    growth allowed beyond --fd-slack);
  - API latency p50 / p99 / max over every reader request (reported, not
    asserted: timings on a shared machine are not a pass criterion).

Usage (defaults are the ctest stress_soak settings):
  python3 tests/stress/soak.py --runs 100 --readers 10 --max-duration 60
  python3 tests/stress/soak.py --runs 1000 --readers 100 --max-duration 1800
Environment as for tests/integration/lib/bbd.sh (BBD_BIN, BBD_WORKER,
BBD_FIXTURES)."""
import argparse
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "integration", "reliability"))
from relib import Daemon, fail, fd_count, log, main, rss_kb  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=100)
ap.add_argument("--readers", type=int, default=10)
ap.add_argument("--max-duration", type=float, default=60.0,
                help="seconds of reading at most (the queue may finish first)")
ap.add_argument("--drain", type=float, default=60.0,
                help="extra seconds allowed for queued runs after the readers stop")
ap.add_argument("--warmup", type=int, default=None,
                help="runs finished before the RSS/fd baseline is taken "
                     "(default: a quarter of --runs, at least 10): SQLite's page "
                     "cache and the response cache fill during the first runs")
ap.add_argument("--rss-growth", type=float, default=0.10)
ap.add_argument("--fd-slack", type=int, default=2)
ap.add_argument("--no-rss-check", action="store_true",
                help="report RSS growth without asserting it (sanitizer builds: "
                     "ASan's quarantine holds freed memory by design)")
ap.add_argument("--json", help="write the figures to this file")
ARGS = ap.parse_args()
if ARGS.warmup is None:
    ARGS.warmup = max(10, ARGS.runs // 4)

SPEC = {"filters": ["fx_ok/math/add"],
        "settings": {"quick": True, "warmup_s": 0.01, "measure_s": 0.05, "samples": 5,
                     "counters": "none", "alloc": False}}


class Reader(threading.Thread):
    def __init__(self, d, stop, ids, seed):
        super().__init__(daemon=True)
        self.d, self.stop, self.ids = d, stop, ids
        self.rng = random.Random(seed)
        self.lat = []
        self.errors = []

    def run(self):
        conn = self.d.conn(timeout=30)
        paths = ["/api/v1/status", "/api/v1/runs?limit=50", "/metrics",
                 "/api/v1/history?benchmark=fx_ok/math/add", "/api/v1/plugins", None]
        while not self.stop.is_set():
            p = self.rng.choice(paths)
            if p is None:
                p = "/api/v1/runs/%d" % self.rng.choice(self.ids)
            t0 = time.monotonic()
            try:
                code, _ = self.d.req("GET", p, conn=conn)
            except OSError as e:
                self.errors.append("%s: %s" % (p, e))
                conn.close()
                conn = self.d.conn(timeout=30)
                continue
            self.lat.append(time.monotonic() - t0)
            if code != 200:
                self.errors.append("%s: HTTP %s" % (p, code))
        conn.close()


def pct(xs, q):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def counts(d):
    st = {}
    for r in d.all_runs():
        st[r["state"]] = st.get(r["state"], 0) + 1
    return st


def test():
    with Daemon() as d:
        d.start()
        d.wait_plugin("fx_ok")
        t_start = time.monotonic()
        ids = [d.post_run(SPEC) for _ in range(ARGS.runs)]
        stop = threading.Event()
        readers = [Reader(d, stop, ids, i) for i in range(ARGS.readers)]
        for r in readers:
            r.start()
        base_rss = base_fd = None
        samples = []
        deadline = t_start + ARGS.max_duration
        done = 0
        while time.monotonic() < deadline:
            st = counts(d)
            done = st.get("done", 0)
            rss = rss_kb(d.pid)
            samples.append((round(time.monotonic() - t_start, 1), rss, fd_count(d.pid), done))
            if base_rss is None and done >= min(ARGS.warmup, ARGS.runs):
                base_rss, base_fd = rss, fd_count(d.pid)
                log("baseline after %d runs: RSS %d kB, %d fds" % (done, base_rss, base_fd))
            if st.get("queued", 0) + st.get("running", 0) == 0:
                break
            time.sleep(1.0)
        read_s = time.monotonic() - t_start
        stop.set()
        for r in readers:
            r.join(30)
        # Let the queue drain (bounded), without readers.
        drain_deadline = time.monotonic() + ARGS.drain
        while time.monotonic() < drain_deadline:
            st = counts(d)
            if st.get("queued", 0) + st.get("running", 0) == 0:
                break
            time.sleep(0.5)
        time.sleep(1.0)  # closed reader connections are noticed
        end_rss, end_fd = rss_kb(d.pid), fd_count(d.pid)
        st = counts(d)
        runs = {r["id"]: r for r in d.all_runs()}
        lost = [i for i in ids if i not in runs]
        failed = [i for i in ids if i in runs and runs[i]["state"] not in ("done", "queued", "running")]
        incomplete = [i for i in ids if i in runs and runs[i]["state"] == "done"
                      and runs[i]["result_count"] != runs[i]["benchmark_count"]]
        lat = [x for r in readers for x in r.lat]
        errors = [e for r in readers for e in r.errors]
        if base_rss is None:
            base_rss, base_fd = samples[0][1], samples[0][2]
            log("fewer than %d runs finished: baseline is the first sample" % ARGS.warmup)
        growth = (end_rss - base_rss) / base_rss
        fig = {
            "runs_queued": ARGS.runs, "runs_done": st.get("done", 0),
            "runs_left_queued": st.get("queued", 0) + st.get("running", 0),
            "lost": len(lost), "failed": len(failed), "incomplete": len(incomplete),
            "readers": ARGS.readers, "read_seconds": round(read_s, 1),
            "requests": len(lat), "reader_errors": len(errors),
            "p50_ms": round(pct(lat, 0.50) * 1e3, 2) if lat else None,
            "p99_ms": round(pct(lat, 0.99) * 1e3, 2) if lat else None,
            "max_ms": round(max(lat) * 1e3, 2) if lat else None,
            "rss_base_kb": base_rss, "rss_end_kb": end_rss,
            "rss_max_kb": max(s[1] for s in samples + [(0, end_rss)]),
            "rss_growth": round(growth, 4), "fd_base": base_fd, "fd_end": end_fd,
        }
        print("soak " + " ".join("%s=%s" % kv for kv in fig.items()))
        if ARGS.json:
            with open(ARGS.json, "w") as f:
                json.dump({"figures": fig, "samples": samples}, f, indent=1)
        if d.stop() != 0:
            fail("bbd exited non-zero")
        if lost or failed or incomplete:
            fail("lost %s, failed %s, incomplete %s" % (lost, failed, incomplete))
        if errors:
            fail("reader errors: %s" % errors[:10])
        if not lat:
            fail("no reader request completed")
        if growth > ARGS.rss_growth and not ARGS.no_rss_check:
            fail("RSS grew %.1f %% (%d -> %d kB)" % (growth * 100, base_rss, end_rss))
        if end_fd > base_fd + ARGS.fd_slack:
            fail("fd count grew %d -> %d" % (base_fd, end_fd))


if __name__ == "__main__":
    main(test)
