#!/usr/bin/env python3
"""Writes captures/edge.pcap: hand-built frames for the cases the loopback
tools do not produce (IPv4 options and fragments, TCP options on a SYN, DNS
compression chains and a length prefix split over segments, MQTT AUTH and a
PUBLISH split over three segments, HTTP/2 PING / WINDOW_UPDATE / RST_STREAM /
GOAWAY, a TLS handshake message split over two records, CoAP options with 1-
and 2-byte extended delta and length).
The expected output is tshark's decode of this file, like the others.

    gen_edge.py OUT.pcap
"""
import struct
import sys

MAC_A = bytes([2, 0, 0, 0, 0, 1])
MAC_B = bytes([2, 0, 0, 0, 0, 2])
A = bytes([10, 0, 0, 1])
B = bytes([10, 0, 0, 2])


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ident=1, flags=2, frag=0, opts=b""):
    ihl = 5 + len(opts) // 4
    h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0,
                              ihl * 4 + len(payload), ident,
                              flags << 13 | frag, 64, proto, 0, src, dst))
    h += opts
    h[10:12] = struct.pack("!H", csum(bytes(h)))
    return bytes(h) + payload


def l4sum(src, dst, proto, seg):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def udp(src, dst, sp, dp, payload):
    seg = bytearray(struct.pack("!HHHH", sp, dp, 8 + len(payload), 0) +
                    payload)
    seg[6:8] = struct.pack("!H", l4sum(src, dst, 17, bytes(seg)) or 0xFFFF)
    return ipv4(src, dst, 17, bytes(seg))


def tcp(src, dst, sp, dp, seq, ack, flags, payload=b"", opts=b""):
    off = 5 + len(opts) // 4
    seg = bytearray(struct.pack("!HHIIHHHH", sp, dp, seq, ack,
                                off << 12 | flags, 512, 0, 0) + opts +
                    payload)
    seg[16:18] = struct.pack("!H", l4sum(src, dst, 6, bytes(seg)))
    return ipv4(src, dst, 6, bytes(seg))


def eth(ip):
    return MAC_B + MAC_A + b"\x08\x00" + ip


def dns_name(n):
    out = b""
    for l in n.split("."):
        out += bytes([len(l)]) + l.encode()
    return out + b"\0"


class Stream:
    """One TCP connection: a handshake, then payloads in both directions."""

    def __init__(self, frames, cport, sport, isn_c=1000, isn_s=5000):
        self.f, self.cp, self.sp = frames, cport, sport
        self.seq = [isn_c, isn_s]
        opts = (b"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00"
                b"\x00\x00\x01\x03\x03\x07")
        self.f.append(eth(tcp(A, B, cport, sport, isn_c, 0, 0x002, b"",
                              opts)))
        self.f.append(eth(tcp(B, A, sport, cport, isn_s, isn_c + 1, 0x012,
                              b"", opts)))
        self.seq = [isn_c + 1, isn_s + 1]
        self.f.append(eth(tcp(A, B, cport, sport, self.seq[0], self.seq[1],
                              0x010)))

    def send(self, d, payload):
        s, a = self.seq[d], self.seq[1 - d]
        src, dst = (A, B) if d == 0 else (B, A)
        sp, dp = (self.cp, self.sp) if d == 0 else (self.sp, self.cp)
        self.f.append(eth(tcp(src, dst, sp, dp, s, a, 0x018, payload)))
        self.seq[d] += len(payload)


def main(out):
    f = []
    # IPv4 with a Router Alert option, and a UDP datagram in two fragments.
    f.append(eth(udp(A, B, 4000, 9, b"x" * 8)))
    f[-1] = eth(ipv4(A, B, 17, struct.pack("!HHHH", 4000, 9, 16, 0) +
                     b"y" * 8, ident=7, flags=0, opts=b"\x94\x04\x00\x00"))
    body = struct.pack("!HHHH", 4000, 9, 8 + 24, 0) + b"z" * 24
    f.append(eth(ipv4(A, B, 17, body[:16], ident=9, flags=1, frag=0)))
    f.append(eth(ipv4(A, B, 17, body[16:], ident=9, flags=0, frag=2)))

    # DNS response: compression pointers chained (a name pointing into a
    # name that itself ends with a pointer), NS and SOA-free authority.
    q = dns_name("www.example.test")
    msg = struct.pack("!HHHHHH", 0xBEEF, 0x8180, 1, 2, 1, 0) + q + \
        struct.pack("!HH", 1, 1)
    # answer 1: CNAME www -> web.<ptr to example.test at offset 16>
    cname = b"\x03web\xc0\x10"
    msg += b"\xc0\x0c" + struct.pack("!HHIH", 5, 1, 300, len(cname)) + cname
    web_off = len(msg) - len(cname)
    # answer 2: web.example.test A (owner is a pointer into the CNAME data)
    msg += struct.pack("!H", 0xC000 | web_off) + \
        struct.pack("!HHIH", 1, 1, 300, 4) + bytes([192, 0, 2, 7])
    # authority: NS for example.test
    ns = b"\x02ns\xc0\x10"
    msg += b"\xc0\x10" + struct.pack("!HHIH", 2, 1, 3600, len(ns)) + ns
    f.append(eth(udp(B, A, 53, 5353, msg)))

    # DNS over TCP: length prefix and message split over three segments.
    st = Stream(f, 40001, 53)
    dq = struct.pack("!HHHHHH", 0x0102, 0x0100, 1, 0, 0, 0) + \
        dns_name("split.example.test") + struct.pack("!HH", 28, 1)
    wire = struct.pack("!H", len(dq)) + dq
    st.send(0, wire[:1])
    st.send(0, wire[1:10])
    st.send(0, wire[10:])

    # MQTT v5: CONNECT, AUTH (enhanced authentication), a PUBLISH split over
    # three segments, and two packets in one segment.
    st = Stream(f, 40002, 1883)
    props = b"\x15\x00\x05SCRAM"  # authentication method
    var = b"\x00\x04MQTT\x05\x02\x00\x3c" + bytes([len(props)]) + props
    pay = b"\x00\x03cli"
    st.send(0, bytes([0x10, len(var) + len(pay)]) + var + pay)
    auth = b"\x18" + bytes([len(props)]) + props
    st.send(1, bytes([0xF0, len(auth)]) + auth)
    topic = b"\x00\x0bbbd/edge/sp"
    pub_body = topic + b"\x00\x05" + b"\x00" + b"P" * 200
    pub = bytes([0x32]) + bytes([(len(pub_body) & 0x7F) | 0x80,
                                  len(pub_body) >> 7]) + pub_body
    st.send(0, pub[:3])
    st.send(0, pub[3:100])
    st.send(0, pub[100:])
    st.send(1, b"\x40\x02\x00\x05" + b"\xd0\x00")  # PUBACK + PINGRESP

    # HTTP/2 (h2c, port 80 overridden by content: the preface).
    st = Stream(f, 40003, 8081)
    pre = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

    def frame(t, fl, sid, payload):
        return struct.pack("!I", len(payload))[1:] + bytes([t, fl]) + \
            struct.pack("!I", sid) + payload
    st.send(0, pre + frame(4, 0, 0, struct.pack("!HI", 2, 0) +
                           struct.pack("!HI", 4, 1 << 20)))
    st.send(1, frame(4, 0, 0, b"") + frame(4, 1, 0, b""))
    st.send(0, frame(6, 0, 0, b"12345678") +
            frame(8, 0, 0, struct.pack("!I", 65536)) +
            frame(8, 0, 3, struct.pack("!I", 1024)))
    st.send(1, frame(6, 1, 0, b"12345678") +
            frame(3, 0, 3, struct.pack("!I", 8)) +
            frame(7, 0, 0, struct.pack("!II", 3, 0) + b"bye"))

    # TLS 1.2 server flight where the Certificate message (20,000 bytes) is
    # split over two records, the second record also carrying
    # ServerHelloDone; then a record holding two whole messages.
    st = Stream(f, 40005, 443)
    ch = b"\x03\x03" + bytes(32) + b"\x00" + b"\x00\x02\xc0\x2f" + \
        b"\x01\x00"
    st.send(0, b"\x16\x03\x01" + struct.pack("!H", 4 + len(ch)) + b"\x01" +
            struct.pack("!I", len(ch))[1:] + ch)
    sh = b"\x03\x03" + bytes(32) + b"\x00" + b"\xc0\x2f" + b"\x00"
    cert_body = b"\x00" * 20000
    msgs = b"\x02" + struct.pack("!I", len(sh))[1:] + sh + b"\x0b" + \
        struct.pack("!I", len(cert_body))[1:] + cert_body + b"\x0e\x00\x00\x00"
    cut = 16000
    for part in (msgs[:cut], msgs[cut:]):
        st.send(1, b"\x16\x03\x03" + struct.pack("!H", len(part)) + part)

    # CoAP: options with 1- and 2-byte extended deltas and lengths.
    co = bytes([0x42, 0x01]) + struct.pack("!H", 0x1234) + b"\xab\xcd"
    co += bytes([0xB0 | 13]) + bytes([20 - 13]) + b"a" * 20  # Uri-Path, len 20
    co += bytes([0xD0 | 14]) + bytes([60 - 11 - 13]) + \
        struct.pack("!H", 300 - 269) + b"q" * 300  # #60 Size1?, len 300
    co += bytes([0xE1]) + struct.pack("!H", 65000 - 60 - 269) + b"\x07"
    co += b"\xff" + b"payload"
    f.append(eth(udp(A, B, 40004, 5683, co)))

    with open(out, "wb") as fh:
        fh.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(f):
            fh.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr),
                                 len(fr)))
            fh.write(fr)


if __name__ == "__main__":
    main(sys.argv[1])
