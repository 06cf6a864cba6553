#!/usr/bin/env python3
"""Integration tests of bbd-worker on the fixture plugins.

usage: test_worker.py BBD_WORKER FIXTURE_DIR CASE
Each case runs the real binary and checks the documented JSON contract
(docs/WORKER.md). No timing assertions: only structure, reasons, counts.
"""
import json
import os
import subprocess
import sys

WORKER, FIX, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
QUICK = ["--quick", "--warmup", "0.02", "--measure", "0.1", "--samples", "5"]


def fx(name):
    return os.path.join(FIX, name + ".so")


def run(args, ok_codes=(0,), **kw):
    p = subprocess.run([WORKER] + args, capture_output=True, text=True,
                       timeout=50, **kw)
    if p.returncode not in ok_codes:
        sys.exit("unexpected exit %d for %s\nstdout:%s\nstderr:%s" %
                 (p.returncode, args, p.stdout[-2000:], p.stderr[-2000:]))
    return p


def events(args, ok_codes=(0,)):
    p = run(["run"] + args + ["--json"], ok_codes)
    evs = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return evs, p


def results(evs):
    return {e["id"]: e for e in evs if e["event"] == "result"}


def check(cond, msg):
    if not cond:
        sys.exit("FAILED: " + msg)


def case_describe_ok():
    d = json.loads(run(["describe", fx("fx_ok")]).stdout)
    check(d["schema_version"] == 1, "schema_version")
    check(d["file"].endswith("/fx_ok.so") and d["file"].startswith("/"),
          "absolute file")
    check(d["plugin"]["name"] == "fx_ok", "plugin name")
    check(d["plugin"]["abi"] == {"major": 1, "minor": 1}, "abi")
    ids = [b["id"] for b in d["benchmarks"]]
    check(ids == ["fx_ok/math/add", "fx_ok/math/params", "fx_ok/alloc/pattern",
                  "fx_ok/alloc/untracked"], "ids %s" % ids)
    params = {p["name"]: p for p in d["benchmarks"][1]["params"]}
    check(params["n"]["type"] == "int" and params["n"]["min"] == 1 and
          params["n"]["max"] == 1000, "int param")
    check(params["f"]["min"] is None, "unbounded")
    check(params["mode"]["choices"] == ["be", "le"], "enum choices")
    check(params["flag"]["default"] == "false", "default")
    check(d["benchmarks"][3]["flags"] == ["flat_sampling",
                                          "no_alloc_tracking"], "flags")
    d = json.loads(run(["describe", fx("fx_older_minor")]).stdout)
    check(d["plugin"]["abi"]["minor"] == 0, "older minor accepted")


def case_describe_refusals():
    p = run(["describe", fx("fx_bad_major")], ok_codes=(1,))
    e = json.loads(p.stdout)["error"]
    check(e["code"] == "EABI", "EABI")
    check(e["detail"]["plugin_abi"] == "2.0", "plugin_abi")
    check(e["detail"]["worker_abi"] == "1.1", "worker_abi")
    check(e["detail"]["file"].endswith("fx_bad_major.so"), "file named")
    check("fx_bad_major.so" in p.stderr, "stderr names the file")
    e = json.loads(run(["describe", fx("fx_missing_run")],
                       ok_codes=(1,)).stdout)["error"]
    check(e["code"] == "EPLUGIN" and "run" in e["detail"]["reason"],
          "missing run")
    e = json.loads(run(["describe", fx("fx_crash_init")],
                       ok_codes=(1,)).stdout)["error"]
    check(e["code"] == "ECRASH" and e["detail"]["signal"] == "SIGSEGV",
          "crash in init %s" % e)
    e = json.loads(run(["describe", "/nonexistent/x.so"],
                       ok_codes=(1,)).stdout)["error"]
    check(e["code"] == "EPLUGIN", "missing file")
    # run refuses the same way, as an event.
    evs, _ = events([fx("fx_bad_major")] + QUICK, ok_codes=(1,))
    check(evs[0]["event"] == "error" and evs[0]["error"]["code"] == "EABI",
          "run refusal")


def case_run_crash_run():
    evs, _ = events([fx("fx_crash_run"), "--counters", "none"] + QUICK)
    r = results(evs)
    check(r["fx_crash_run/run/segv"]["reason"] == "SIGSEGV", "segv")
    check(r["fx_crash_run/run/segv"]["error"]["code"] == "ECRASH", "ECRASH")
    check(r["fx_crash_run/run/abort"]["reason"] == "SIGABRT", "abort")
    check(r["fx_crash_run/run/exit"]["reason"].startswith(
        "exited with status 3"), "exit")
    e = r["fx_crash_run/run/error"]
    check(e["status"] == "failed" and e["reason"].startswith(
        "run: fixture run error"), "run error: %s" % e["reason"])
    check(r["fx_crash_run/ok/add"]["status"] == "ok", "neighbour ran")
    done = evs[-1]
    check(done == {"event": "done", "total": 5, "ok": 1, "failed": 4},
          "done %s" % done)
    kinds = [e["event"] for e in evs]
    check(kinds[0] == "env" and kinds.count("start") == 5, "event order")


def case_run_crash_setup():
    evs, _ = events([fx("fx_crash_setup"), "--counters", "none"] + QUICK)
    r = results(evs)
    check(r["fx_crash_setup/setup/segv"]["reason"] == "SIGSEGV", "segv")
    check(r["fx_crash_setup/setup/error"]["reason"] ==
          "setup: fixture refuses to set up", "setup error")
    check(r["fx_crash_setup/setup/error"]["error"]["code"] == "EPLUGIN",
          "EPLUGIN")
    check(r["fx_crash_setup/ok/add"]["status"] == "ok", "neighbour")


def case_run_hang():
    # 3 s, not 1: the healthy neighbour must fit in the same limit even on a
    # heavily loaded CI machine.
    evs, _ = events([fx("fx_hang"), "--timeout", "3", "--counters", "none"] +
                    QUICK)
    r = results(evs)
    check(r["fx_hang/run/hang"]["reason"] == "timeout after 3 s",
          "timeout reason %s" % r["fx_hang/run/hang"]["reason"])
    check(r["fx_hang/run/hang"]["error"]["code"] == "ETIMEOUT", "ETIMEOUT")
    check(r["fx_hang/ok/add"]["status"] == "ok", "neighbour")


def case_run_mem_limit():
    evs, _ = events([fx("fx_huge_alloc"), "--mem-limit", "256M",
                     "--counters", "none"] + QUICK)
    r = results(evs)
    h = r["fx_huge_alloc/mem/huge"]
    check(h["status"] == "failed" and
          "malloc(1073741824) failed" in h["reason"], "mem limit %s" % h)
    check(h["config"]["mem_limit"] == 256 << 20, "limit recorded")
    check(r["fx_huge_alloc/ok/add"]["status"] == "ok", "neighbour")


def case_run_optimized_away():
    evs, _ = events([fx("fx_optimized_away"), "--counters", "none"] + QUICK)
    r = results(evs)["fx_optimized_away/loop/deleted"]
    codes = [w["code"] for w in r["warnings"]]
    check("optimized-away" in codes, "warning %s" % r["warnings"])
    check(r["status"] == "ok", "flagged, not hidden")


def case_run_counters():
    evs, _ = events([fx("fx_pages"), "-p", "pages=8", "--counters",
                     "minor-faults,page-faults,task-clock,instructions,"
                     "no-such-event"] + QUICK)
    r = results(evs)["fx_pages/pages/touch"]
    c = r["counters"]
    iters = r["samples"]["iters"]
    check(len(iters) == 5 and len(set(iters)) == 1, "flat sampling")
    for name in ("minor-faults", "page-faults"):
        vals = c[name]["values"]
        check(c[name]["status"] == "ok" and len(vals) == 5, name)
        for v, n in zip(vals, iters):
            check(n * 8 <= v <= n * 8 + 8, "%s %s for %d iters" % (name, v, n))
        check(all(x == 1.0 for x in c[name]["coverage"]), "coverage")
    check(c["task-clock"]["status"] == "ok" and c["task-clock"]["unit"] ==
          "ns", "task-clock")
    ins = c["instructions"]
    env = evs[0]["env"]
    if env["counters"]["instructions"]["status"] == "ok":
        check(ins["status"] == "ok", "instructions ok on hardware")
    else:
        check(ins["status"] in ("unsupported", "denied"), "instructions")
        check(ins["values"] is None, "values null unless ok")
    if "derived" in r:
        ipc = r["derived"]["ipc"]
        if ins["status"] != "ok":
            check(ipc is None, "ipc only from ok inputs")
    u = c["no-such-event"]
    check(u["status"] == "unknown-event" and u["values"] is None, "unknown")
    check(r["bytes_per_iter"] == 8 * 4096, "set_throughput")


def case_run_params():
    base = [fx("fx_ok"), "math/params", "--counters", "none"] + QUICK
    evs, _ = events(base + ["-p", "n=16", "-p", "mode=le", "-p", "flag=yes"])
    r = results(evs)["fx_ok/math/params"]
    check(r["status"] == "ok", "ok %s" % r.get("reason"))
    check(r["params"] == {"n": "16", "f": "0.5", "flag": "yes", "s": "hello",
                          "mode": "le"}, "params %s" % r["params"])
    m = r["metrics"]
    check(m["n_times_f"] == 8 and m["mode_le"] == 1 and m["flag"] == 1 and
          m["s_len"] == 5, "metrics %s" % m)
    check(r["bytes_per_iter"] == 16, "throughput override")
    rnd = m["first_random_low16"]
    evs, _ = events(base)
    check(results(evs)["fx_ok/math/params"]["metrics"]["first_random_low16"]
          == rnd, "same seed, same random")
    evs, _ = events(base + ["--seed", "2"])
    check(results(evs)["fx_ok/math/params"]["metrics"]["first_random_low16"]
          != rnd, "other seed, other random")
    evs, _ = events(base + ["-p", "n=0"])
    r = results(evs)["fx_ok/math/params"]
    check(r["status"] == "failed" and "parameter n" in r["reason"] and
          r["error"]["code"] == "ERANGE", "range %s" % r)
    evs, _ = events(base + ["-p", "mode=xx"])
    check(results(evs)["fx_ok/math/params"]["error"]["code"] == "EINVAL",
          "enum")
    evs, _ = events(base + ["-p", "zz=1"], ok_codes=(1,))
    check(evs[-1]["error"]["code"] == "EINVAL", "undeclared -p")


def case_run_filters():
    evs, _ = events([fx("fx_ok"), "math/*", "--counters", "none"] + QUICK)
    check(sorted(results(evs)) == ["fx_ok/math/add", "fx_ok/math/params"],
          "glob over names")
    evs, _ = events([fx("fx_ok"), "fx_ok/*add", "--no-alloc",
                     "--counters", "none"] + QUICK)
    r = results(evs)
    check(list(r) == ["fx_ok/math/add"], "* matches /: %s" % list(r))
    it = r["fx_ok/math/add"]["samples"]["iters"]
    d = it[0]
    check(it == [d * (i + 1) for i in range(5)], "linear d..Nd %s" % it)
    check(r["fx_ok/math/add"]["config"]["sampling"] == "linear", "linear")
    check(r["fx_ok/math/add"]["alloc"]["status"] == "off", "--no-alloc")
    evs, _ = events([fx("fx_ok"), "*/add", "--flat", "--counters", "none"] +
                    QUICK)
    it = results(evs)["fx_ok/math/add"]["samples"]["iters"]
    check(len(set(it)) == 1, "--flat")
    evs, _ = events([fx("fx_ok"), "nomatch*"] + QUICK, ok_codes=(1,))
    check(evs[-1]["error"]["code"] == "ENOTFOUND", "no match")


def case_run_preempted():
    evs, _ = events([fx("fx_cost"), "cost/sleep", "--counters",
                     "task-clock"] + QUICK)
    r = results(evs)["fx_cost/cost/sleep"]
    check(r["summary"]["task_clock_ratio"] < 0.9, "ratio")
    check("preempted" in [w["code"] for w in r["warnings"]], "warning")


def case_run_cost():
    for work in ("10", "1000"):
        evs, _ = events([fx("fx_cost"), "cost/spin", "-p", "work=" + work,
                         "--counters", "none"] + QUICK)
        r = results(evs)["fx_cost/cost/spin"]
        check(r["status"] == "ok" and r["params"]["work"] == work, "cost")
        check(r["summary"]["ns_per_iter"]["slope"] > 0, "slope")
        if "estimates" in r:
            check(r["estimates"]["n"] == 5, "estimates from bbd/stats")


def case_run_alloc():
    base = [fx("fx_ok"), "--counters", "none"] + QUICK
    evs, _ = events(base + ["alloc/pattern", "-p", "mode=pair"])
    check(evs[0]["env"]["alloc_tracking"] == "on", "env alloc on")
    a = results(evs)["fx_ok/alloc/pattern"]["alloc"]
    check(a["status"] == "ok", "tracking %s" % a)
    check(a["allocs_per_op"] == 1 and a["bytes_per_op"] == 100,
          "pair %s" % a)
    check(a["overhead_ratio"] == 2, "100 bytes / 50 payload")
    check(a["calls"]["malloc"] == a["calls"]["free"], "balanced")
    check(0 < max(a["samples"]["peak"]) <= 128, "peak of one block")
    evs, _ = events(base + ["alloc/pattern", "-p", "mode=all"])
    r = results(evs)["fx_ok/alloc/pattern"]
    a = r["alloc"]
    n = sum(r["samples"]["iters"])
    for call in ("malloc", "calloc", "realloc", "posix_memalign",
                 "aligned_alloc"):
        check(a["calls"][call] == n, "%s %s != %d" % (call, a["calls"], n))
    check(a["calls"]["free"] == 4 * n, "frees")
    check(a["bytes_per_op"] == 100 + 100 + 200 + 64 + 128, "bytes")
    evs, _ = events(base + ["alloc/untracked"])
    check(results(evs)["fx_ok/alloc/untracked"]["alloc"]["status"] == "off",
          "per-benchmark opt out")
    evs, _ = events(base + ["alloc/pattern", "--no-alloc"])
    check(evs[0]["env"]["alloc_tracking"] == "off", "--no-alloc env")


def case_run_leak():
    evs, _ = events([fx("fx_leak"), "--counters", "none"] + QUICK)
    r = results(evs)["fx_leak/leak/malloc64"]
    a = r["alloc"]
    check(a["allocs_per_op"] == 1 and a["bytes_per_op"] == 64, "leak %s" % a)
    check(a["calls"]["free"] == 0, "never freed")
    it = r["samples"]["iters"]
    for peak, n in zip(a["samples"]["peak"], it):
        check(peak >= 64 * n, "peak grows with the leak")
    check(a["overhead_ratio"] == 1, "64 / 64")


def case_run_out_fd():
    r, w = os.pipe()
    p = subprocess.run([WORKER, "run", fx("fx_ok"), "math/add", "--out-fd",
                        str(w), "--counters", "none"] + QUICK,
                       pass_fds=(w,), capture_output=True, text=True,
                       timeout=50)
    os.close(w)
    data = os.read(r, 1 << 20).decode()
    os.close(r)
    check(p.returncode == 0 and p.stdout == "", "stdout quiet")
    evs = [json.loads(l) for l in data.splitlines()]
    check(evs[0]["event"] == "env" and evs[-1]["event"] == "done", "fd")


def case_run_human():
    p = run(["run", fx("fx_crash_run"), "--counters", "none"] + QUICK)
    check("FAILED: SIGSEGV" in p.stdout, "human table: %s" % p.stdout)
    check("fx_crash_run/ok/add" in p.stdout, "human ok row")


def case_serve():
    p = subprocess.Popen([WORKER, "serve", fx("fx_cost"), "cost/spin", "-p",
                          "work=50", "--no-alloc", "--counters",
                          "task-clock"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)

    def ask(cmd):
        if cmd is not None:
            p.stdin.write(cmd + "\n")
            p.stdin.flush()
        return json.loads(p.stdout.readline())

    try:
        ready = ask(None)
        check(ready["event"] == "ready" and ready["id"] == "fx_cost/cost/spin",
              "ready %s" % ready)
        check(ready["params"] == {"work": "50"}, "params")
        c = ask('{"cmd":"calibrate","warmup_s":0.02}')
        check(c["event"] == "calibrated" and c["iters"] > 0 and
              c["ns_per_iter"] > 0, "calibrated %s" % c)
        m = ask('{"cmd":"measure","iters":1000,"samples":3}')
        check(m["event"] == "samples" and m["samples"]["iters"] ==
              [1000, 1000, 1000] and len(m["samples"]["ns"]) == 3,
              "samples %s" % m)
        check(m["counters"]["task-clock"]["status"] == "ok", "counters")
        e = ask('not json')
        check(e["event"] == "error" and e["error"]["code"] == "EPARSE",
              "parse error")
        e = ask('{"cmd":"measure","iters":0}')
        check(e["error"]["code"] == "EINVAL", "bad iters")
        b = ask('{"cmd":"quit"}')
        check(b["event"] == "bye", "bye")
        check(p.wait(timeout=10) == 0, "exit 0")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    # A refusal at start is an error reply and exit status 1.
    q = subprocess.run([WORKER, "serve", fx("fx_cost"), "cost/nope"],
                       capture_output=True, text=True, timeout=30,
                       input="")
    check(q.returncode == 1 and json.loads(q.stdout)["error"]["code"] ==
          "ENOTFOUND", "serve refusal")


def case_env():
    evs, _ = events([fx("fx_ok"), "math/add"] + QUICK)
    env = evs[0]["env"]
    check(evs[0]["schema_version"] == 1, "schema")
    for k in ("kernel", "cpu", "clock", "load", "perf_event_paranoid",
              "counter_mode", "libpfm", "counters", "alloc_tracking"):
        check(k in env, "env lacks " + k)
    check(env["clock"]["source"] == "monotonic", "clock")
    check(isinstance(env["clock"]["tsc"]["constant"], bool), "tsc facts")
    check(env["libpfm"]["initialized"] and len(env["libpfm"]["pmus"]) > 0,
          "pmus")
    check(set(env["counters"]) >= {"cycles", "instructions", "task-clock",
                                   "page-faults", "minor-faults",
                                   "major-faults", "context-switches",
                                   "cpu-migrations", "branch-misses",
                                   "cache-misses", "L1-dcache-load-misses"},
          "default counter set")
    check(env["counters"]["task-clock"]["status"] == "ok", "task-clock ok")
    if env["counter_mode"] == "u":
        check(env["counters"]["context-switches"]["status"] ==
              "unsupported", "user-only cs")
    r = results(evs)["fx_ok/math/add"]
    check(r["cpu"] >= 0 and "summary" in r, "result fields")
    # Pinning and the TSC clock (or its documented fallback).
    evs, _ = events([fx("fx_ok"), "math/add", "--cpu", "0", "--clock", "tsc",
                     "--counters", "none"] + QUICK)
    env, r = evs[0]["env"], results(evs)["fx_ok/math/add"]
    check(env["cpu"]["pinned"] == 0 and r["cpu"] == 0, "pinned to CPU 0")
    tsc = env["clock"]["tsc"]
    if tsc["constant"] and tsc["nonstop"] and tsc["mhz"]:
        check(r["config"]["clock"] == "tsc", "tsc clock used")
    else:
        check(r["config"]["clock"] == "monotonic" and "clock-fallback" in
              [w["code"] for w in r["warnings"]], "tsc fallback")
    check(r["status"] == "ok" and r["summary"]["ns_per_iter"]["slope"] > 0,
          "tsc timing")


def case_denied():
    # As an unprivileged user with perf_event_paranoid >= 2, kernel counting
    # is refused: counters that can count user-only are retried that way
    # (mode "u"), the others are reported "denied" with EACCES.
    import shutil
    try:
        paranoid = int(open("/proc/sys/kernel/perf_event_paranoid").read())
    except (OSError, ValueError):
        paranoid = -9
    if os.geteuid() != 0 or not shutil.which("setpriv") or paranoid < 2:
        print("skipped: needs root, setpriv and perf_event_paranoid >= 2")
        sys.exit(77)
    p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                        "--clear-groups", WORKER, "run", fx("fx_ok"),
                        "math/add", "--counter-mode", "uk", "--no-alloc",
                        "--counters", "task-clock,context-switches", "--json"]
                       + QUICK, capture_output=True, text=True, timeout=50)
    if p.returncode != 0 and "Permission denied" in p.stderr:
        print("skipped: the build tree is not readable by nobody")
        sys.exit(77)
    evs = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    r = results(evs)["fx_ok/math/add"]
    c = r["counters"]
    check(c["context-switches"]["status"] == "denied" and
          c["context-switches"]["errno"] == 13 and
          c["context-switches"]["values"] is None, "denied %s" % c)
    check(c["task-clock"]["status"] == "ok", "task-clock retried user-only")
    check(evs[0]["env"]["counters"]["task-clock"]["mode"] == "u", "mode u")


globals()["case_" + CASE]()
print("ok", CASE)
