#!/usr/bin/env python3
"""Writes the seed corpora of the proto_* fuzzers from the bbdump test
captures: application payloads by port (DNS, MQTT, HTTP/2, TLS, WebSocket,
CoAP), whole frames for the L2-L4 target, and small capture files for the
pcap target. Run once; the seeds are committed.

    make_seeds.py            (from anywhere; needs editcap for the pcapng)
"""
import hashlib
import os
import shutil
import struct
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FUZZ = os.path.dirname(HERE)
CAPS = os.path.join(FUZZ, "..", "bbdump", "captures")
PORTS = {53: "dns", 1883: "mqtt", 8080: "http2", 8081: "http2", 443: "tls",
         80: "ws", 5683: "coap"}
MAX_SEEDS = 40


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
        yield data[off + 16:off + 16 + incl]
        off += 16 + incl


def l4_payload(fr):
    if len(fr) < 34 or fr[12:14] != b"\x08\x00":
        return None
    ihl = (fr[14] & 15) * 4
    tot = struct.unpack("!H", fr[16:18])[0]
    proto = fr[23]
    ip = fr[14:14 + tot]
    l4 = ip[ihl:]
    if proto == 6 and len(l4) >= 20:
        sp, dp = struct.unpack("!HH", l4[:4])
        return sp, dp, l4[(l4[12] >> 4) * 4:]
    if proto == 17 and len(l4) >= 8:
        sp, dp = struct.unpack("!HH", l4[:4])
        return sp, dp, l4[8:]
    return None


def write(target, blob):
    d = os.path.join(FUZZ, target, "corpus")
    os.makedirs(d, exist_ok=True)
    if len(os.listdir(d)) >= MAX_SEEDS:
        return
    name = hashlib.sha1(blob).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(blob)


def main():
    tmp = tempfile.mkdtemp()
    try:
        caps = []
        for f in sorted(os.listdir(CAPS)):
            p = os.path.join(CAPS, f)
            if f.endswith(".pcapng"):
                q = os.path.join(tmp, f[:-2])
                subprocess.run(["editcap", "-F", "pcap", p, q], check=True)
                caps.append(q)
            elif f.endswith(".pcap"):
                caps.append(p)
        for c in caps:
            for fr in frames(c):
                write("proto_l2l4", fr)
                x = l4_payload(fr)
                if x is None or not x[2]:
                    continue
                sp, dp, pl = x
                app = PORTS.get(dp) or PORTS.get(sp)
                if app:
                    write("proto_" + app, pl)
            if os.path.getsize(c) < 20000:
                write("proto_pcap", open(c, "rb").read())
        # The pcapng reader path too (libpcap reads both).
        ng = os.path.join(CAPS, "tls.pcapng")
        write("proto_pcap", open(ng, "rb").read())
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
