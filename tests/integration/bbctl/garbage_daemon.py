#!/usr/bin/env python3
"""A fake bbd that answers with garbage, for bbctl robustness tests.

The first path component picks the misbehaviour, so one server serves all
cases: bbctl --url http://127.0.0.1:PORT/<mode> status. Prints the port on
stdout, then serves until killed, and exits by itself after 120 s so a
crashed test can never leave it behind."""
import http.server
import json
import os
import socketserver
import sys
import threading


def body_for(mode, path, method):
    """Returns (status, content_type, body bytes) or None to hang up."""
    if mode == "html200":
        return 200, "text/html", b"<html><body>It works!</body></html>"
    if mode == "trunc":
        return 200, "application/json", b'{"version":"0.1'
    if mode == "scalar":
        return 200, "application/json", b"42"
    if mode == "err500":
        return 500, "application/json", \
            b'{"error":{"code":"EDB","message":"database error"}}'
    if mode == "html500":
        return 500, "text/html", b"<h1>Internal \x1b[31mServer\x1b[0m Error</h1>"
    if mode == "text404":
        return 404, "text/plain", b"nothing here"
    if mode == "binary":
        return 200, "application/json", bytes(range(256)) * 8
    if mode == "hangup":
        return None
    if mode == "wrongshape":
        return 200, "application/json", \
            b'{"runs":"nope","plugins":7,"baselines":{},"points":1,' \
            b'"benchmarks":"x","id":"seven","state":12}'
    if mode == "run":
        # A plausible run whose event stream is garbage: bbctl must fall
        # back to polling and finish.
        if method == "POST" and path.endswith("/api/v1/runs"):
            return 202, "application/json", b'{"id":5,"state":"queued"}'
        if "/api/v1/events" in path:
            return 200, "text/event-stream", \
                b"event: result\ndata: {not json\n\n" + \
                b"data: " + bytes(range(1, 256)) + b"\n\n" + \
                b'event: run\ndata: {"run":5,"state":"bogus"}\n\n'
        if path.endswith("/api/v1/runs/5"):
            return 200, "application/json", json.dumps({
                "id": 5, "state": "done", "results": [
                    {"benchmark": "fx/\x1b]0;evil\x07x", "status": "ok",
                     "mean": "fast", "ci_low": None, "verdict": 3}]}).encode()
    if mode == "mutant":
        # Valid JSON objects of the right top-level shape whose fields have
        # the wrong types everywhere: every reader must cope.
        bad = [None, "x", -1, 1e308, [], {}, [1, [2]], True]
        def junk(i):
            return bad[i % len(bad)]
        p = path.split("?")[0]
        if p.endswith("/api/v1/status"):
            return ok({"version": 7, "uptime_s": "long", "pid": [],
                       "queue": {"current": {"run": {}, "benchmark": 3,
                                             "index": "x", "total": None},
                                 "queued": "many"},
                       "runs": {"done": "x", "failed": 2},
                       "plugins": [], "machine": {"cpus": "two"},
                       "capabilities": {"counters": {"cycles": 5,
                                                     "task-clock": {"status": 1}},
                                        "worker_ok": "yes"}})
        if p.endswith("/api/v1/runs") and method == "POST":
            return 202, "application/json", b'{"id":9}'
        if p.endswith("/api/v1/runs"):
            return ok({"runs": [{"id": junk(i), "state": junk(i + 1),
                                 "tags": junk(i + 2),
                                 "duration_s": junk(i + 3)}
                                for i in range(8)], "total": "lots"})
        if "/api/v1/runs/" in p and p.endswith("/samples"):
            return ok({"iters": "x", "ns": [None]})
        if "/api/v1/runs/" in p:
            return ok({"id": 9, "state": "done", "mode": ["ab"],
                       "tags": [1], "results": [
                           {"benchmark": junk(i), "variant": junk(i + 1),
                            "status": junk(i + 2), "mean": junk(i + 3),
                            "ci_low": junk(i + 4), "ci_high": junk(i + 5),
                            "alloc": junk(i + 6), "counters": junk(i + 7),
                            "warnings": junk(i), "verdict": {
                                "verdict": junk(i + 1),
                                "decision": junk(i + 2),
                                "against": junk(i + 3)},
                            "estimates": junk(i + 4)} for i in range(8)]})
        if "/api/v1/events" in p:
            return 200, "text/event-stream", b"".join(
                b"event: %s\ndata: %s\n\n" % (e, json.dumps(
                    {"run": 9, "benchmark": junk(i), "index": junk(i + 1),
                     "total": junk(i + 2), "sample": junk(i + 3),
                     "samples": junk(i + 4), "phase": junk(i + 5),
                     "status": junk(i + 6), "mean": junk(i + 7)}).encode())
                for i, e in enumerate([b"start", b"progress", b"result"] * 3)
            ) + b'event: run\ndata: {"run":9,"state":"done"}\n\n'
        if p.endswith("/api/v1/plugins"):
            return ok({"plugins": [{"name": junk(i), "abi": junk(i + 1),
                                    "benchmark_count": junk(i + 2)}
                                   for i in range(8)],
                       "broken": [junk(i) for i in range(8)],
                       "dirs": [{"path": junk(i), "exists": junk(i + 1),
                                 "refused": junk(i + 2)} for i in range(8)]})
        if p.endswith("/api/v1/benchmarks"):
            return ok({"benchmarks": [{"id": junk(i), "params": junk(i + 1)}
                                      for i in range(8)] + [
                {"id": "fx/a/b", "params": [{"name": 1}, 2]}]})
        if p.endswith("/api/v1/baselines"):
            return ok({"baselines": [{"name": junk(i), "run_id": junk(i + 1)}
                                     for i in range(8)]})
        if "/api/v1/baselines/" in p:
            return ok({"name": "main", "run_id": 9})
        if p.endswith("/api/v1/history"):
            return ok({"points": [{"run_id": junk(i), "mean": junk(i + 1),
                                   "ci_low": junk(i + 2)} for i in range(8)],
                       "change_points": [{"index": junk(i), "rel": junk(i + 1)}
                                         for i in range(8)] + [{"index": 3}]})
        if p.endswith("/api/v1/compare"):
            return ok({"a": {"run": 9}, "b": {"run": "9"}, "comparable": "no",
                       "env_diffs": [junk(i) for i in range(8)],
                       "benchmarks": [{"benchmark": junk(i), "a": junk(i + 1),
                                       "b": junk(i + 2),
                                       "verdict": junk(i + 3),
                                       "decision": junk(i + 4),
                                       "note": junk(i + 5)}
                                      for i in range(8)]})
    return 404, "application/json", \
        b'{"error":{"code":"ENOTFOUND","message":"not found"}}'


def ok(obj):
    return 200, "application/json", json.dumps(obj).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        parts = self.path.split("/", 2)
        mode = parts[1] if len(parts) > 1 else ""
        r = body_for(mode, self.path.split("?")[0], self.command)
        if r is None:
            self.close_connection = True
            self.connection.close()
            return
        status, ctype, body = r
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
watchdog = threading.Timer(120, lambda: os._exit(0))
watchdog.daemon = True
watchdog.start()
print(srv.server_address[1], flush=True)
sys.stdout.close()
os.close(1)
srv.serve_forever()
