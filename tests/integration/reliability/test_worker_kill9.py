#!/usr/bin/env python3
"""kill -9 of a bbd-worker in the middle of a benchmark: the benchmarks that
worker had not reported become failed results with a reason, the next
plugin of the same run still runs, the run ends, no process of the killed
worker survives, and the next run proceeds."""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relib import Daemon, alive, descendants, fail, log, main  # noqa: E402


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def test():
    with Daemon() as d:
        d.start()
        d.wait_plugin("fx_hang")
        d.wait_plugin("fx_ok")
        # fx_hang runs first (catalog order): run/hang blocks until killed.
        rid = d.post_run({"filters": ["fx_hang/*", "fx_ok/math/add"],
                          "settings": {"quick": True, "timeout_s": 60}})
        worker = None
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and worker is None:
            for p in descendants(d.pid):
                args = cmdline(p)
                if len(args) > 2 and args[1] == b"run" and args[2].endswith(b"fx_hang.so"):
                    # The worker itself, not a benchmark child: its parent is bbd.
                    with open("/proc/%d/stat" % p) as f:
                        st = f.read()
                    if int(st[st.rindex(")") + 2:].split()[1]) == d.pid:
                        worker = p
            cur = d.get("/api/v1/status")["queue"]["current"]
            if worker and not (cur and cur.get("benchmark") == "fx_hang/run/hang"):
                worker = None  # wait until the hanging benchmark is under way
            time.sleep(0.1)
        if worker is None:
            fail("no worker running fx_hang/run/hang found")
        group = descendants(worker)
        log("killing worker %d (descendants %s)" % (worker, group))
        os.kill(worker, signal.SIGKILL)
        state = d.wait_run(rid, 60)
        if state != "done":
            fail("run ended %s" % state)
        run = d.get("/api/v1/runs/%d" % rid)
        res = {r["benchmark"]: r for r in run["results"]}
        hang = res.get("fx_hang/run/hang")
        if hang is None or hang["status"] != "failed" or not hang["failure"]:
            fail("fx_hang/run/hang: %r" % hang)
        log("hang result: %s" % hang["failure"])
        if res.get("fx_ok/math/add", {}).get("status") != "ok":
            fail("next plugin in the run: %r" % res.get("fx_ok/math/add"))
        # The benchmark child dies with its worker (PR_SET_PDEATHSIG).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(p) for p in group):
            time.sleep(0.2)
        left = [p for p in group if alive(p)]
        if left:
            for p in left:
                os.kill(p, signal.SIGKILL)
            fail("processes of the killed worker survived: %s" % left)
        rid2 = d.post_run({"filters": ["fx_ok/math/add"], "settings": {"quick": True}})
        if d.wait_run(rid2, 60) != "done":
            fail("next run did not complete")
        if d.stop() != 0:
            fail("bbd exited non-zero")


if __name__ == "__main__":
    main(test)
