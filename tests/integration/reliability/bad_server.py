#!/usr/bin/env python3
"""A TCP server misbehaving in one way per mode, for bbctl tests:
  silent   accepts, reads, never answers, never closes
  trickle  answers a valid status line, then one body byte every 2 s
  huge     a 200 with a 64 MiB JSON string body
  reset    accepts and closes at once with RST
  nulls    a 200 whose body is 4 KiB of NUL bytes
Prints the port on stdout, serves until killed (and exits on its own after
120 s so it can never outlive a test)."""
import socket
import struct
import sys
import threading
import time

MODE = sys.argv[1]


def serve(c):
    try:
        c.settimeout(130)
        c.recv(65536)
        if MODE == "silent":
            time.sleep(120)
        elif MODE == "trickle":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100\r\n\r\n")
            for _ in range(50):
                c.sendall(b" ")
                time.sleep(2)
        elif MODE == "huge":
            n = 64 << 20
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Length: %d\r\n\r\n\"" % (n + 2))
            chunk = b"a" * (1 << 20)
            for _ in range(64):
                c.sendall(chunk)
            c.sendall(b"\"")
        elif MODE == "reset":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif MODE == "nulls":
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 4096\r\n\r\n" + b"\0" * 4096)
    except OSError:
        pass
    finally:
        c.close()


s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
threading.Timer(120, lambda: __import__("os")._exit(0)).start()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
