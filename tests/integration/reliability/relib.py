"""Python harness for the reliability, abuse and stress tests: a real bbd on
127.0.0.1 port 0 with a temporary data dir (the Python twin of
tests/integration/lib/bbd.sh, same environment variables).

    from relib import Daemon, fail
    with Daemon() as d:          # temp dir removed, daemon killed on exit
        d.start()
        code, body = d.req("GET", "/api/v1/status")
        rid = d.post_run({"filters": ["fx_ok/math/add"], "settings": {"quick": True}})
        d.wait_run(rid, 60)

Every wait polls with a deadline; nothing asserts on timing."""
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ENV = os.environ
BIN = ENV.get("BBD_BIN", "build/bin/bbd")
WORKER = ENV.get("BBD_WORKER", os.path.join(os.path.dirname(BIN), "bbd-worker"))
FIXTURES = ENV.get("BBD_FIXTURES",
                   os.path.join(os.path.dirname(os.path.dirname(BIN)), "fixtures"))
SKIP = 77


class Fail(Exception):
    pass


def fail(msg):
    raise Fail(msg)


def log(msg):
    print("-- " + msg, file=sys.stderr, flush=True)


def children(pid):
    """Direct children of pid, from /proc (no process-name matching)."""
    out = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % p) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            out.append(int(p))
    return out


def descendants(pid):
    out, todo = [], [pid]
    while todo:
        for c in children(todo.pop()):
            out.append(c)
            todo.append(c)
    return out


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return False
    return st[st.rindex(")") + 2] != "Z"


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class Daemon:
    def __init__(self, tmp=None, data=None):
        self.tmp = tmp or tempfile.mkdtemp(prefix="bbd-rel.")
        os.chmod(self.tmp, 0o700)
        self.data = data or os.path.join(self.tmp, "data")
        self.proc = None
        self.addr = None
        self.starts = 0
        self.token = None
        self.extra_pids = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def cleanup(self):
        if self.proc is not None and self.proc.poll() is None:
            for c in descendants(self.proc.pid):
                self.extra_pids.append(c)
            self.proc.kill()
            self.proc.wait()
        for p in self.extra_pids:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def logtail(self, n=30):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except (OSError, AttributeError):
            return ""

    def start(self, *args, listen="127.0.0.1:0", plugin_dirs=None, env=None,
              timeout=30):
        self.starts += 1
        self.out_path = os.path.join(self.tmp, "bbd.%d.out" % self.starts)
        self.log_path = os.path.join(self.tmp, "bbd.%d.log" % self.starts)
        dirs = []
        for d in (plugin_dirs if plugin_dirs is not None else [FIXTURES]):
            dirs += ["--plugin-dir", d]
        cmd = [BIN, "--listen", listen, "--data-dir", self.data,
               "--worker", WORKER] + dirs + list(args)
        e = dict(os.environ)
        e.update(env or {})
        self.proc = subprocess.Popen(cmd, stdout=open(self.out_path, "w"),
                                     stderr=open(self.log_path, "w"), env=e,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.out_path) as f:
                for line in f:
                    if line.startswith("bbd: listening on http://"):
                        self.addr = line.strip()[len("bbd: listening on http://"):]
                        self.host, port = self.addr.rsplit(":", 1)
                        self.port = int(port)
                        return
            if self.proc.poll() is not None:
                fail("bbd exited during start-up (%s):\n%s" %
                     (self.proc.returncode, self.logtail()))
            time.sleep(0.1)
        fail("bbd not ready within %d s" % timeout)

    def start_expect_fail(self, *args, timeout=20):
        """Runs bbd expecting a refusal: (exit status, stderr)."""
        cmd = [BIN, "--listen", "127.0.0.1:0", "--data-dir", self.data,
               "--worker", WORKER, "--plugin-dir", FIXTURES] + list(args)
        try:
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            fail("bbd did not exit within %d s (expected a refusal)" % timeout)
        return r.returncode, r.stderr.decode(errors="replace")

    def stop(self, timeout=20):
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail("bbd did not stop within %d s of SIGTERM" % timeout)
        self.proc = None
        return rc

    def kill9(self, reap_children=True):
        """kill -9 of the daemon. Its workers are not killed by the kernel:
        they are recorded first and killed too (by pid) unless told not to;
        returns their pids."""
        kids = descendants(self.proc.pid)
        self.proc.kill()
        self.proc.wait()
        self.proc = None
        if reap_children:
            for k in kids:
                try:
                    os.kill(k, signal.SIGKILL)
                except OSError:
                    pass
        else:
            self.extra_pids += kids
        return kids

    def conn(self, timeout=30):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def req(self, method, path, body=None, headers=None, timeout=30, conn=None):
        h = {} if headers is None else dict(headers)
        if self.token and "Authorization" not in h:
            h["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        c = conn or self.conn(timeout)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
        finally:
            if conn is None:
                c.close()
        try:
            js = json.loads(raw) if raw else None
        except ValueError:
            js = None
        return r.status, js if js is not None else raw

    def get(self, path, **kw):
        code, body = self.req("GET", path, **kw)
        if code != 200:
            fail("GET %s: HTTP %s %r" % (path, code, body))
        return body

    def post_run(self, spec):
        code, body = self.req("POST", "/api/v1/runs", spec)
        if code != 202:
            fail("POST /runs %s: HTTP %s %r" % (json.dumps(spec), code, body))
        return body["id"]

    def wait_plugin(self, name, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = self.get("/api/v1/plugins")
            if any(x["name"] == name for x in p["plugins"]) and not p.get("scanning"):
                return
            time.sleep(0.2)
        fail("plugin %s not in the catalog after %d s" % (name, timeout))

    def wait_run(self, rid, timeout=60):
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = self.get("/api/v1/runs/%d" % rid)["state"]
            if state not in ("queued", "running"):
                return state
            time.sleep(0.2)
        fail("run %d still %s after %d s" % (rid, state, timeout))

    def all_runs(self):
        out, cursor = [], None
        while True:
            q = "/api/v1/runs?limit=1000&order=asc"
            if cursor is not None:
                q += "&cursor=%d" % cursor
            page = self.get(q)
            out += page["runs"]
            cursor = page.get("next_cursor")
            if not page["runs"] or cursor is None:
                return out


def main(fn):
    """Runs fn() and maps Fail to exit 1, SkipTest to 77."""
    try:
        fn()
    except Fail as e:
        print("FAIL: %s" % e, file=sys.stderr)
        sys.exit(1)
    except SkipTest as e:
        print("SKIP: %s" % e)
        sys.exit(SKIP)
    print("ok")


class SkipTest(Exception):
    pass
