#!/usr/bin/env python3
"""HTTP abuse against a real bbd. Every bad request must get a 4xx (505 for
an unsupported HTTP version, 503 beyond the connection limit, as documented
in docs/API.md), the daemon must neither crash nor hang, stored data must
not change, and a good client polling /api/v1/status in a thread must be
served throughout (503 accepted only while the connection flood holds every
slot) and afterwards.

Prints one summary line: requests sent per kind and the outcome."""
import json
import os
import resource
import socket
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "reliability"))
from relib import Daemon, fail, log, main  # noqa: E402

SENT = {}
# --skip PHASE / --only PHASE (repeatable): ctest runs the known-good phases
# in abuse_http and a failing phase on its own (see CMakeLists.txt).
SKIP_PHASES = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--skip=")]
ONLY = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--only=")]
KNOWN_BUGS = "--with-known-bugs" in sys.argv[1:]
PASSWD = b"root:x:0:0"


def count(kind, n=1):
    SENT[kind] = SENT.get(kind, 0) + n


def raw(d, data, timeout=10.0, read_all=True):
    """Sends bytes on a fresh connection; returns everything read until the
    server closes (or the first response when read_all is False). A server
    that neither answers nor closes within timeout is a hang."""
    s = socket.create_connection((d.host, d.port), timeout=timeout)
    out = b""
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                b = s.recv(65536)
            except socket.timeout:
                break
            except OSError:
                break
            if not b:
                return out
            out += b
            if not read_all and b"\r\n\r\n" in out:
                return out
        if not out:
            fail("no answer and no close within %.0f s for %r" % (timeout, data[:80]))
        return out
    finally:
        s.close()


def status_of(resp):
    line = resp.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        return None
    return int(parts[1])


def statuses(out):
    """Status codes of the consecutive responses in out (framed by
    Content-Length; a response without one ends the stream)."""
    codes = []
    while out:
        head, sep, rest = out.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.split(b"\r\n")
        st = status_of(lines[0])
        if st is None:
            break
        codes.append(st)
        n = None
        for l in lines[1:]:
            k, _, v = l.partition(b":")
            if k.strip().lower() == b"content-length":
                n = int(v.strip())
        if n is None:
            break
        out = rest[n:]
    return codes


class GoodClient(threading.Thread):
    """Polls /api/v1/status; records (phase, outcome) per request."""

    def __init__(self, d):
        super().__init__(daemon=True)
        self.d = d
        self.phase = "start"
        self.stop = threading.Event()
        self.log = []

    def run(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                code, _ = self.d.req("GET", "/api/v1/status", timeout=15)
            except OSError as e:
                code = "err:%s" % type(e).__name__
            self.log.append((self.phase, code, time.monotonic() - t0))
            self.stop.wait(0.2)

    def wait_served(self, phase, limit=15.0):
        """Waits (bounded) until a request made during `phase` was answered
        200: a phase can end before the poller's first request of it on a
        loaded machine, which says nothing about the daemon."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if any(p == phase and c == 200 for p, c, _ in list(self.log)):
                return
            time.sleep(0.05)

    def check(self, flood_phases):
        bad = [(p, c) for p, c, _ in self.log
               if c != 200 and not (p in flood_phases and c in (503, "err:ConnectionResetError",
                                                                  "err:RemoteDisconnected"))]
        if bad:
            fail("good client not served: %s" % bad[:10])
        phases = {p for p, c, _ in self.log if c == 200}
        return len(self.log), phases


def expect_4xx(d, kind, data, allowed=None, timeout=10.0):
    count(kind)
    t0 = time.monotonic()
    # API errors keep the connection open (documented): the first complete
    # response head is the answer; no answer and no close is a hang.
    resp = raw(d, data, timeout, read_all=False)
    if time.monotonic() - t0 > 3:
        log("slow answer (%.1f s) to %r" % (time.monotonic() - t0, data[:60]))
    st = status_of(resp)
    ok = allowed or range(400, 500)
    if st not in ok:
        fail("%s: %r -> status %s (%r)" % (kind, data[:100], st, resp[:200]))
    if d.proc.poll() is not None:
        fail("bbd died after %s %r" % (kind, data[:100]))
    return resp


def malformed(d):
    big = b"a" * 20000
    cases = [
        b"GARBAGE\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        b"G\xffT / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
        b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        b"GET /api/v1/status HTTP/1.1\r\nHo\x00st: x\r\n\r\n",
        b"GET /api/v1/status HTTP/1.1\r\n: empty-name\r\n\r\n",
        b"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs/1%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET * HTTP/1.1\r\nHost: x\r\n\r\n",
        b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nX: \x7f\x01\r\n\r\n",
        b"GET /" + big + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET / HTTP/1.1\r\nX: " + big + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"X-Abcdefgh: 0123456789\r\n" * 2000 + b"\r\n",
        b"A" * 40000,
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n{",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"a\":",
        b"POST /api/v1/runs/1/cancel HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\n{}",
        b"PUT /api/v1/baselines/x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnull",
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + b"[" * 1000 + b"]" * 1000,
        b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 23\r\n\r\n{\"filters\":[null,1,{}]}",
        b"DELETE /api/v1/runs/-1 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs/99999999999999999999999 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs?limit=-5 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs?limit=999999999999999999 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/runs?since=abc HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/history HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /api/v1/compare?a=run:x&b=%ff HTTP/1.1\r\nHost: x\r\n\r\n",
        b"PATCH /api/v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    ]
    for c in cases:
        expect_4xx(d, "malformed", c)
    # An unsupported version: 505 is the documented answer.
    expect_4xx(d, "malformed", b"GET / HTTP/9.9\r\n\r\n", allowed=(505,) + tuple(range(400, 500)))
    expect_4xx(d, "malformed", b"GET / HTTP/2.0\r\n\r\n", allowed=(505,) + tuple(range(400, 500)))
    expect_4xx(d, "malformed", b"GET /\r\n\r\n", allowed=(505,) + tuple(range(400, 500)))
    # Chunked oversize body sent gradually.
    count("oversize")
    s = socket.create_connection((d.host, d.port), timeout=15)
    s.sendall(b"POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    try:
        for _ in range(40):
            s.sendall(b"10000\r\n" + b"x" * 65536 + b"\r\n")
    except OSError:
        pass
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except OSError:
        pass
    s.close()
    if status_of(out) != 413:
        fail("chunked 2.6 MB body: %r" % out[:100])


def pipelining(d):
    reqs = []
    for i in range(100):
        path = "/api/v1/status" if i % 2 == 0 else "/api/v1/runs/999999%d" % i
        reqs.append(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
    reqs[-1] = b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    count("pipelined", 100)
    out = raw(d, b"".join(reqs), timeout=30)
    codes = statuses(out)
    want = [200 if i % 2 == 0 else 404 for i in range(99)] + [200]
    if codes != want:
        fail("pipelined: got %d responses %s..." % (len(codes), codes[:12]))
    # A bad request in the middle: the ones before are answered, then 400 and
    # close; nothing after it is executed.
    count("pipelined", 3)
    out = raw(d, b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\nBROKEN\r\n\r\n"
              b"POST /api/v1/plugins/rescan HTTP/1.1\r\nHost: x\r\n\r\n")
    codes = statuses(out)
    if codes[:2] != [200, 400] or len(codes) != 2:
        fail("pipelined with a bad request in the middle: %s" % codes)


def utf8(d):
    """Invalid UTF-8 in JSON bodies and in path/query strings: 4xx, or (for
    GET) a valid JSON answer. Collects every violation before failing, so
    the report lists them all."""
    import re
    bodies = [
        b'{"filters":["fx_ok/\xff"]}',
        b'{"filters":["fx_ok/math/add"],"note":"\xc0\xaf"}',
        b'{"filters":["fx_ok/math/add"],"tags":{"k":"\xed\xa0\x80"}}',
        b'{"filters":["fx_ok/math/add"],"tags":{"\xfe":"v"}}',
        b'{"filters":["fx_ok/math/add"],"note":"\xf4\x90\x80\x80"}',
        b'{"filters":["fx_ok/math/add"],"note":"abc\xe2\x82"}',
        b'{"filters":["fx_ok/math/add"],"note":"\\ud800"}',
        b'{"filters":["fx_ok/math/add"],"note":"\\udc00\\ud800"}',
        b'{"filters":["fx_ok/math/add"],"note":"a\\u0000b"}',
        b'\xef\xbb\xbf{"filters":["fx_ok/math/add"]',
    ]
    bad = []
    for b in bodies:
        count("utf8")
        code, body = d.req("POST", "/api/v1/runs", b, timeout=15)
        if not 400 <= code < 500:
            m = re.search(rb'"id":(\d+)', body if isinstance(body, bytes) else b"")
            rid = body["id"] if isinstance(body, dict) else (int(m.group(1)) if m else None)
            valid = isinstance(body, dict)
            bad.append("POST %r -> %s (run %s; response %s)" % (
                b, code, rid, "valid JSON" if valid else "NOT valid UTF-8 JSON"))
            if rid is not None:
                d.req("POST", "/api/v1/runs/%d/cancel" % rid)
    for path in ("/api/v1/baselines/%ff%fe", "/api/v1/history?benchmark=%c0%af",
                 "/api/v1/benchmarks?filter=%ed%a0%80", "/api/v1/plugins/%ff",
                 "/api/v1/runs?tag=k:%ff"):
        count("utf8")
        code, body = d.req("GET", path)
        if code >= 500 or isinstance(body, bytes):
            bad.append("GET %s -> %s %r" % (path, code, body[:100] if isinstance(body, bytes) else "json"))
    if bad:
        fail("invalid UTF-8 accepted or echoed:\n  " + "\n  ".join(bad))


def bignum(d):
    """Out-of-range numbers (1e300, -1e300, 1e999 = inf for the parser) in
    every numeric body field: a 4xx, never a crash. (Converting such a
    double to an integer is undefined behaviour in C; UBSan aborts.)
    Collects every violation before failing."""
    bad = []
    fields = []
    for k in ("samples", "warmup_s", "measure_s", "timeout_s", "seed", "cpu", "mem_limit"):
        fields.append(("POST", "/api/v1/runs", lambda v, k=k: {"filters": ["fx_ok/math/add"], "settings": {k: v}}))
    for k in ("threshold", "alpha", "resamples"):
        fields.append(("POST", "/api/v1/runs", lambda v, k=k: {"filters": ["fx_ok/math/add"], "stats": {k: v}}))
    fields.append(("POST", "/api/v1/runs", lambda v: {"filters": ["fx_ok/math/add"], "compare_to": {"run": v}}))
    fields.append(("POST", "/api/v1/runs", lambda v: {"filters": ["fx_ok/math/add"], "params": {"work": v}}))
    for k in ("min_rounds", "max_rounds", "target_width", "budget_s", "round_ms", "samples_per_round", "threshold"):
        fields.append(("POST", "/api/v1/runs", lambda v, k=k: {"filters": ["fx_ok/math/add"], "ab": {"a_dir": "/nonexistent", "b_dir": "/nonexistent", k: v}}))
    if KNOWN_BUGS:
        # bbd/server/api_baselines.c converts "run" to long before checking
        # its range: UB, and a UBSan build dies (see docs/RELIABILITY.md).
        fields.append(("PUT", "/api/v1/baselines/x", lambda v: {"run": v}))
    for k in ("max_runs", "max_age_days"):
        fields.append(("POST", "/api/v1/maintenance/vacuum", lambda v, k=k: {k: v}))
    for method, path, mk in fields:
        for lit in ("1e300", "-1e300", "1e999", "1.5", "-1"):
            body = json.dumps(mk("@@")).replace('"@@"', lit)
            count("bignum")
            try:
                code, resp = d.req(method, path, body, timeout=15)
            except OSError as e:
                code, resp = "no answer (%s)" % type(e).__name__, None
                try:
                    d.proc.wait(3)  # a dying daemon has closed its socket already
                except Exception:
                    pass
            if d.proc.poll() is not None:
                bad.append("%s %s %s -> bbd DIED (%s)" % (method, path, body, d.proc.returncode))
                fail("\n  ".join(bad) + "\n" + d.logtail(4))
            if code == 202 and isinstance(resp, dict):
                d.req("POST", "/api/v1/runs/%d/cancel" % resp["id"])
            elif not (isinstance(code, int) and (400 <= code < 500 or code == 200)):
                bad.append("%s %s %s -> %s" % (method, path, body, code))
    if bad:
        fail("out-of-range numbers:\n  " + "\n  ".join(bad))


def traversal(d, webdir):
    paths = ["/../etc/passwd", "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
             "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
             "/.%2e/.%2e/etc/passwd", "/%252e%252e/%252e%252e/etc/passwd",
             "//etc/passwd", "/./../etc/passwd", "/..\\..\\etc\\passwd",
             "/%c0%ae%c0%ae/etc/passwd", "/index.html/../../etc/passwd",
             "/passwd-link", "/sub/../passwd-link", "/.hidden", "/%2ehidden",
             "/etc/passwd%00.html", "/" + "../" * 200 + "etc/passwd"]
    for p in paths:
        count("traversal")
        resp = raw(d, ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % p).encode())
        st = status_of(resp)
        if PASSWD in resp or (st is not None and st < 400) or st is None or st >= 500:
            fail("traversal %s -> %s %r" % (p, st, resp[:200]))
    # The real file is served, so the refusals above are not a broken web dir.
    c, b = d.req("GET", "/index.html")
    if c != 200 or b != b"<html>rel</html>\n":
        fail("index.html from the web dir: %s %r" % (c, b))


SQL = ["' OR '1'='1", "\"; DROP TABLE runs; --", "%' OR 1=1 --", "1; DELETE FROM results",
       "' UNION SELECT sql FROM sqlite_master --", "\\", "'", "\\'; --", "*' OR '*'='*",
       "x') ; ATTACH DATABASE '/tmp/pwn' AS p; --"]


def sqlmeta(d, good_run):
    before = d.get("/api/v1/runs?limit=1000")
    q = urllib.parse.quote
    for s in SQL:
        e = q(s, safe="")
        gets = ["/api/v1/runs?state=" + e, "/api/v1/runs?tag=" + e, "/api/v1/runs?tag=k:" + e,
                "/api/v1/runs?benchmark=" + e, "/api/v1/runs?cursor=" + e,
                "/api/v1/runs?since=" + e, "/api/v1/runs?order=" + e,
                "/api/v1/runs?limit=" + e, "/api/v1/runs?offset=" + e,
                "/api/v1/runs/" + e, "/api/v1/runs/%d/results/%s/samples" % (good_run, e),
                "/api/v1/history?benchmark=" + e, "/api/v1/history?benchmark=fx_ok/math/add&variant=" + e,
                "/api/v1/history?benchmark=fx_ok/math/add&metric=" + e,
                "/api/v1/history?benchmark=fx_ok/math/add&tag=k:" + e,
                "/api/v1/compare?a=%d&b=%s" % (good_run, e), "/api/v1/compare?a=baseline:%s&b=%d" % (e, good_run),
                "/api/v1/compare?a=%d&b=%d&benchmark=%s" % (good_run, good_run, e),
                "/api/v1/baselines/" + e, "/api/v1/plugins/" + e, "/api/v1/benchmarks?filter=" + e,
                "/api/v1/events?run=" + e + "&x=", "/" + e]
        for g in gets:
            if g.startswith("/api/v1/events"):
                continue  # a stream: covered by the run id check below
            count("sql")
            code, body = d.req("GET", g, timeout=30)
            if code >= 500:
                fail("GET %s -> %s %r" % (g, code, body))
            if code == 200 and g.startswith("/api/v1/runs?") and isinstance(body, dict) \
                    and "tag=" not in g and "benchmark=" not in g and "state=" not in g \
                    and len(body.get("runs", [])) > len(before["runs"]):
                fail("GET %s returned more runs than exist" % g)
        # Strings stored as given must come back exactly, and never act.
        count("sql", 3)
        code, body = d.req("PUT", "/api/v1/baselines/" + e, {"run": good_run})
        if code not in (400, 404):
            fail("PUT baseline named %r -> %s" % (s, code))
        code, body = d.req("PUT", "/api/v1/baselines/sqlmeta", {"run": good_run, "note": s})
        if code != 200 or body.get("note") != s:
            fail("baseline note %r -> %s %r" % (s, code, body))
        code, body = d.req("POST", "/api/v1/runs", {
            "filters": [s], "settings": {"quick": True}})
        if not 400 <= code < 500:  # a glob matching no benchmark
            fail("filter %r -> %s" % (s, code))
    # Free text fields, queued as one run (tags and note round-trip).
    count("sql")
    tags = {"k%d" % i: s for i, s in enumerate(SQL)}
    code, body = d.req("POST", "/api/v1/runs", {
        "filters": ["fx_ok/math/add"], "settings": {"quick": True}, "tags": tags,
        "note": SQL[1], "compare_to": {"baseline": "sqlmeta"}})
    if code != 202:
        fail("run with metacharacter tags -> %s %r" % (code, body))
    rid = body["id"]
    if d.wait_run(rid, 60) != "done":
        fail("metacharacter run did not complete")
    run = d.get("/api/v1/runs/%d" % rid)
    if run["tags"] != tags:
        fail("tags did not round-trip: %r" % run["tags"])
    for s in SQL[:3]:
        count("sql")
        r = d.get("/api/v1/runs?tag=" + q("k0:" + SQL[0], safe=""))
        if [x["id"] for x in r["runs"]] != [rid]:
            fail("tag filter with metacharacters selected %s" % [x["id"] for x in r["runs"]])
    code, _ = d.req("DELETE", "/api/v1/baselines/sqlmeta")
    after = d.get("/api/v1/runs?limit=1000")
    if len(after["runs"]) != len(before["runs"]) + 1:
        fail("run count changed unexpectedly: %d -> %d" % (len(before["runs"]), len(after["runs"])))


def slowloris(d, n=100, seconds=8.0):
    """n connections each dripping one header byte every 0.5 s: the good
    client is served meanwhile; afterwards nothing is stuck."""
    socks = []
    for _ in range(n):
        s = socket.create_connection((d.host, d.port), timeout=5)
        s.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)
    count("slowloris", n)
    end = time.monotonic() + seconds
    dropped = 0
    while time.monotonic() < end and socks:
        keep = []
        for s in socks:
            try:
                s.sendall(b"X")
                keep.append(s)
            except OSError:
                dropped += 1
                s.close()
        socks = keep
        time.sleep(0.5)
    for s in socks:
        s.close()
    return dropped


def flood(d, n=1000):
    """n concurrent connections, each sending one request: answered with
    200, or 503 beyond the connection limit, or closed; never a crash."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, n + 200)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    socks, refused = [], 0
    for _ in range(n):
        try:
            s = socket.create_connection((d.host, d.port), timeout=10)
            socks.append(s)
        except OSError:
            refused += 1
    count("flood", n)
    req = b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    for s in socks:
        try:
            s.sendall(req)
        except OSError:
            pass
    codes = {}
    for s in socks:
        try:
            data = s.recv(200)
            st = status_of(data) if data else "closed"
        except OSError as e:
            st = type(e).__name__
        codes[st] = codes.get(st, 0) + 1
        s.close()
    bad = {k: v for k, v in codes.items() if k not in (200, 503, "closed", "ConnectionResetError")}
    if bad:
        fail("flood: unexpected outcomes %s" % codes)
    if codes.get(200, 0) < 1:
        fail("flood: nothing served %s" % codes)
    return codes, refused


def test():
    with Daemon() as d:
        web = os.path.join(d.tmp, "web")
        os.makedirs(os.path.join(web, "sub"))
        with open(os.path.join(web, "index.html"), "w") as f:
            f.write("<html>rel</html>\n")
        with open(os.path.join(web, ".hidden"), "w") as f:
            f.write("secret\n")
        os.symlink("/etc/passwd", os.path.join(web, "passwd-link"))
        d.start("--web-dir", web, "--max-connections", "256")
        d.wait_plugin("fx_ok")
        good_run = d.post_run({"filters": ["fx_ok/math/add"], "settings": {"quick": True}})
        if d.wait_run(good_run, 60) != "done":
            fail("first run")
        stored = json.dumps(d.get("/api/v1/runs/%d" % good_run)["results"], sort_keys=True)
        g = GoodClient(d)
        g.start()
        try:
            for phase, fn in (("malformed", lambda: malformed(d)),
                              ("pipelining", lambda: pipelining(d)),
                              ("utf8", lambda: utf8(d)),
                              ("bignum", lambda: bignum(d)),
                              ("traversal", lambda: traversal(d, web)),
                              ("sql", lambda: sqlmeta(d, good_run))):
                if phase in SKIP_PHASES:
                    log("phase %s skipped (--skip)" % phase)
                    continue
                if ONLY and phase not in ONLY:
                    continue
                g.phase = phase
                log("phase %s" % phase)
                fn()
                if d.proc.poll() is not None:
                    fail("bbd died in phase %s" % phase)
                g.wait_served(phase)
            dropped, codes, refused = None, None, None
            if not ONLY:
                g.phase = "slowloris"
                log("phase slowloris")
                dropped = slowloris(d)
                g.wait_served("slowloris")
                g.phase = "flood"
                log("phase flood")
                codes, refused = flood(d)
            # The daemon frees a slot when it sees the client's close: wait
            # (bounded) until a fresh client is served, then check it stays so.
            g.phase = "recovering"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if d.req("GET", "/api/v1/status", timeout=10)[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            g.phase = "after"
            time.sleep(2.0)
        finally:
            g.stop.set()
            g.join(20)
        n, served = g.check(flood_phases=("flood", "recovering"))
        for p in ("after",) if ONLY else ("malformed", "slowloris", "after"):
            if p not in served:
                fail("good client never served in phase %s" % p)
        if d.proc.poll() is not None:
            fail("bbd died")
        if json.dumps(d.get("/api/v1/runs/%d" % good_run)["results"], sort_keys=True) != stored:
            fail("stored results changed")
        m = d.req("GET", "/metrics")[1]
        if d.stop() != 0:
            fail("bbd exited non-zero")
        total = sum(SENT.values())
        print("abuse requests=%d %s crashes=0 good_client_requests=%d flood=%s "
              "flood_connect_refused=%s slowloris_dropped=%s" %
              (total, json.dumps(SENT, sort_keys=True), n, codes, refused, dropped))
        _ = m


if __name__ == "__main__":
    main(test)
