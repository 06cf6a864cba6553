#!/usr/bin/env python3
"""kill -9 of the daemon at random points during a stream of runs, restarted
each time on the same data dir. Checks, after every restart and at the end:
no accepted run is lost or duplicated, a run that was running at the kill is
interrupted (or had finished), every stored result stays byte-for-byte the
same, each (run, benchmark) has at most one result, and
PRAGMA integrity_check is ok on the file the dead daemon left.

REL_KILL9_CYCLES (default 8; the long campaign uses 50) and REL_SEED
(default: time-based, printed) control it."""
import json
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relib import Daemon, fail, log, main  # noqa: E402

CYCLES = int(os.environ.get("REL_KILL9_CYCLES", "8"))
SEED = int(os.environ.get("REL_SEED", str(int(time.time()))))
BUDGET_S = float(os.environ.get("REL_BUDGET_S", "70"))
SPECS = [
    {"filters": ["fx_ok/math/add", "fx_cost/cost/spin"], "settings": {"quick": True}},
    {"filters": ["fx_ok/math/add"], "settings": {"quick": True}},
    {"filters": ["fx_cost/cost/*"], "settings": {"quick": True}},
]


def integrity(db):
    r = subprocess.run(["sqlite3", db, "PRAGMA integrity_check;"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    return r.stdout.decode(errors="replace").strip()


def snapshot(d, rid):
    run = d.get("/api/v1/runs/%d" % rid)
    res = {}
    for r in run["results"]:
        key = (r["benchmark"], r["variant"])
        if key in res:
            fail("run %d has two results for %s" % (rid, key))
        res[key] = json.dumps(r, sort_keys=True)
    return run, res


def test():
    rng = random.Random(SEED)
    log("seed %d, %d cycles" % (SEED, CYCLES))
    t0 = time.monotonic()
    accepted = []        # run ids the daemon answered 202 for
    frozen = {}          # run id -> {(bench, variant): json} of finished runs
    interrupted = 0
    live_at_kill = set()  # queued or running when a kill came
    with Daemon() as d:
        db = os.path.join(d.data, "bbd.db")
        d.start()
        d.wait_plugin("fx_cost")
        d.wait_plugin("fx_ok")
        cycles = 0
        for cycle in range(CYCLES):
            if cycle > 0 and time.monotonic() - t0 > BUDGET_S:
                log("time budget spent after %d cycles" % cycle)
                break
            cycles += 1
            for _ in range(rng.randint(1, 3)):
                accepted.append(d.post_run(rng.choice(SPECS)))
            # Kill at a random point: right away, or while a run is running.
            mode = rng.random()
            if mode > 0.2:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    if d.get("/api/v1/status")["queue"]["current"] is not None:
                        break
                    time.sleep(0.05)
                time.sleep(rng.uniform(0, 1.5))
            before = {r["id"]: r["state"] for r in d.all_runs()}
            d.kill9()
            # A queued run may start between the listing and the kill.
            live_at_kill |= {i for i, s in before.items() if s in ("running", "queued")}
            ic = integrity(db)
            if ic != "ok":
                fail("cycle %d: integrity_check after kill -9: %s" % (cycle, ic))
            d.start()
            after = {r["id"]: r for r in d.all_runs()}
            for i, s in before.items():
                if s == "running" and after[i]["state"] not in ("interrupted", "done", "failed"):
                    # The new daemon may only have started a queued run.
                    fail("cycle %d: run %d was running at the kill, now %s"
                         % (cycle, i, after[i]["state"]))
            for rid, res in frozen.items():
                if snapshot(d, rid)[1] != res:
                    fail("cycle %d: results of finished run %d changed" % (cycle, rid))
            for rid, r in after.items():
                if r["state"] not in ("queued", "running") and rid not in frozen:
                    frozen[rid] = snapshot(d, rid)[1]
            log("cycle %d: %d runs, %s" % (cycle, len(after), sorted(
                {s: sum(1 for r in after.values() if r["state"] == s)
                 for s in {r["state"] for r in after.values()}}.items())))
        # Let the queue drain, then check the whole history.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            st = [r["state"] for r in d.all_runs()]
            if not any(s in ("queued", "running") for s in st):
                break
            time.sleep(0.3)
        runs = d.all_runs()
        ids = [r["id"] for r in runs]
        if len(ids) != len(set(ids)):
            fail("duplicated run ids in the list")
        if sorted(ids) != sorted(accepted):
            fail("accepted %s, stored %s" % (sorted(accepted), sorted(ids)))
        for r in runs:
            run, res = snapshot(d, r["id"])
            if r["id"] in frozen and frozen[r["id"]] != res:
                fail("results of run %d changed" % r["id"])
            if run["state"] == "done" and run["result_count"] != run["benchmark_count"]:
                fail("run %d done with %d of %d results" %
                     (r["id"], run["result_count"], run["benchmark_count"]))
            if run["state"] not in ("done", "interrupted"):
                fail("run %d ended %s (%s)" % (r["id"], run["state"], run.get("error")))
            if run["state"] == "interrupted":
                interrupted += 1
                if r["id"] not in live_at_kill:
                    fail("run %d interrupted but was not live at any kill" % r["id"])
            for v in json.loads("[" + ",".join(res.values()) + "]"):
                if v["status"] == "ok" and (v["mean"] is None or v["n_samples"] < 1):
                    fail("run %d: ok result without data: %s" % (r["id"], v["benchmark"]))
        if d.stop() != 0:
            fail("bbd exited non-zero")
        ic = integrity(db)
        if ic != "ok":
            fail("integrity_check at the end: %s" % ic)
        print("kill9 cycles=%d runs=%d lost=0 duplicated=0 interrupted=%d "
              "done=%d seed=%d" % (cycles, len(runs), interrupted,
                                   sum(1 for r in runs if r["state"] == "done"), SEED))


if __name__ == "__main__":
    main(test)
