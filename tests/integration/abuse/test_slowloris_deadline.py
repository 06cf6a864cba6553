#!/usr/bin/env python3
"""Slowloris with a deadline: a client that drips one header byte every
0.5 s must lose its connection slot within a bounded time (here: the idle
timeout is 2 s, the client is given 12 s). bbd/server/http.c requires a
request head to be complete within the idle timeout of its first byte;
before that, every byte re-armed the idle timer and 256 dripping clients
held every slot (new clients got 503). A silent partial request is dropped
after the idle timeout (checked here as well)."""
import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "reliability"))
from relib import Daemon, fail, log, main  # noqa: E402


def test():
    with Daemon() as d:
        d.start("--idle-timeout", "2")
        silent = socket.create_connection((d.host, d.port), timeout=15)
        silent.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n")
        drip = socket.create_connection((d.host, d.port), timeout=5)
        drip.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n")
        t0 = time.monotonic()
        dropped = None
        while time.monotonic() - t0 < 12:
            try:
                drip.sendall(b"X")
            except OSError:
                dropped = time.monotonic() - t0
                break
            time.sleep(0.5)
        try:
            got = silent.recv(100)
        except OSError:
            got = b""
        if got and not got.startswith(b"HTTP/1.1 4"):
            fail("silent partial request answered with %r" % got[:40])
        if dropped is None:
            fail("a client dripping one byte per 0.5 s kept its slot for 12 s "
                 "(idle timeout 2 s)")
        log("dripping client dropped after %.1f s" % dropped)


if __name__ == "__main__":
    main(test)
