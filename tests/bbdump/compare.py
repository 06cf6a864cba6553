#!/usr/bin/env python3
"""Compares bbdump's JSON Lines with tshark's committed decode, field by field.

    compare.py BBDUMP [NAME...]      (default: every capture in captures/)
    compare.py --recheck [NAME...]   tshark (if installed) still decodes
                                     each capture as committed

For each capture `captures/NAME.pcap[ng]`, runs bbdump on it and reads the
committed tshark decode `captures/NAME.tshark.jsonl` (see gen-captures.sh),
then for every frame and layer:

  * every field bbdump prints that tshark also shows must have the same value
    (bbdump's integers against tshark's decimal or 0x-hex strings; strings
    exactly). Repeated fields are compared occurrence by occurrence, in wire
    order (DNS answers, MQTT property ids, TLS cipher suites...);
  * every field the issue requires must be printed wherever tshark shows it;
  * application messages (dns, mqtt, http2, tls, websocket, coap) must be the
    same in number and order, in the same frame (so TCP reassembly reports a
    message where tshark does).

tshark is not needed at run time. Exit status 0 when everything matches;
otherwise the mismatches are listed. Ends with an "N passed, N failed" line
counting captures.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAPS = os.path.join(HERE, "captures")

# Extra bbdump arguments per capture (tshark was run with the same
# decode-as, see gen-captures.sh).
ARGS = {"http2": ["-d", "tcp.port==8080,http2"]}

# Fields the issue requires wherever Wireshark shows them.
REQUIRED = {
    "eth": ["dst", "src", "type"],
    "ip": ["version", "hdr_len", "dsfield", "len", "id", "flags",
           "frag_offset", "ttl", "proto", "checksum", "src", "dst"],
    "tcp": ["srcport", "dstport", "len", "seq_raw", "ack_raw", "hdr_len",
            "flags", "window_size_value", "checksum", "urgent_pointer"],
    "udp": ["srcport", "dstport", "length", "checksum"],
    "dns": ["id", "flags", "flags.response", "flags.opcode",
            "flags.authoritative", "flags.truncated", "flags.recdesired",
            "flags.recavail", "flags.rcode", "count.queries",
            "count.answers", "count.auth_rr", "count.add_rr", "qry.name",
            "qry.type", "qry.class", "resp.name", "resp.type", "resp.class",
            "resp.ttl", "resp.len", "a", "aaaa", "cname", "mx.mail_exchange",
            "txt", "srv.target", "ptr.domain_name"],
    "mqtt": ["hdrflags", "msgtype", "len", "dupflag", "qos", "retain",
             "topic", "msgid", "protoname", "ver", "conflags", "kalive",
             "clientid", "property_id"],
    "http2": ["magic", "length", "type", "flags", "r", "streamid"],
    "tls": ["record.content_type", "record.version", "record.length",
            "handshake.type"],
    "websocket": ["fin", "rsv", "opcode", "mask", "payload_length"],
    "coap": ["version", "type", "token_len", "token", "code", "mid"],
}
APPS = ["dns", "mqtt", "http2", "tls", "websocket", "coap"]
# bbdump names the DNS question fields as the example does
# ("queries":[{"name","type","class"}]); Wireshark calls them dns.qry.*.
RENAME = {("dns", "queries"): "qry."}


def flat_tshark(v, prefix, out):
    """Leaf fields under a tshark subtree, prefix stripped, in order."""
    if isinstance(v, dict):
        for k, x in v.items():
            # A subtree, or a list holding subtrees (tshark mixes in "" for
            # fragments it shows elsewhere): recurse. A list of scalars is
            # a repeated field.
            if isinstance(x, dict) or (isinstance(x, list) and any(
                    isinstance(e, (dict, list)) for e in x)):
                flat_tshark(x, prefix, out)
            elif k.startswith(prefix):
                key = k[len(prefix):]
                vals = x if isinstance(x, list) else [x]
                out.setdefault(key, []).extend(vals)
    elif isinstance(v, list):
        for x in v:
            if isinstance(x, (dict, list)):
                flat_tshark(x, prefix, out)
    return out


def flat_bbdump(layer, v, out, rename="", parent=None):
    if isinstance(v, dict):
        for k, x in v.items():
            sub = RENAME.get((layer, k), "")
            if isinstance(x, dict) or (isinstance(x, list) and x and
                                       isinstance(x[0], dict)):
                flat_bbdump(layer, x, out, sub, k)
            else:
                vals = x if isinstance(x, list) else [x]
                out.setdefault(rename + k, []).extend(vals)
    elif isinstance(v, list):
        for x in v:
            flat_bbdump(layer, x, out, rename, parent)
    return out


def same(b, t):
    if isinstance(b, bool):
        return False
    if isinstance(b, int):
        try:
            return int(t, 0) == b if t.startswith("0x") else int(t) == b
        except ValueError:
            return False
    return b == t


def tshark_messages(layers, app):
    """The application messages of one frame, as tshark lists them."""
    v = layers.get(app)
    if v is None:
        return []
    items = v if isinstance(v, list) else [v]
    inner = {"http2": "http2.stream", "tls": "tls.record"}.get(app)
    if inner is None:
        return items
    out = []
    for it in items:
        if not isinstance(it, dict):
            continue
        x = it.get(inner)
        if x is None:
            continue
        out.extend(x if isinstance(x, list) else [x])
    return out


def compare_fields(where, layer, bmsg, tmsg, errors, stats):
    bf = flat_bbdump(layer, bmsg, {})
    tf = flat_tshark(tmsg, layer + ".", {})
    for k, bv in bf.items():
        tv = tf.get(k)
        if tv is None:
            continue
        stats["compared"] += 1
        if len(bv) != len(tv) or not all(same(b, t) for b, t in zip(bv, tv)):
            errors.append(f"{where} {layer}.{k}: bbdump {bv!r:.300} != "
                          f"tshark {tv!r:.300}")
    for k in REQUIRED.get(layer, []):
        if k in tf and k not in bf:
            errors.append(f"{where} {layer}.{k}: missing (tshark {tf[k]!r})")


def compare_capture(bbdump, name):
    pcap = None
    for ext in (".pcap", ".pcapng"):
        if os.path.exists(os.path.join(CAPS, name + ext)):
            pcap = os.path.join(CAPS, name + ext)
    exp_path = os.path.join(CAPS, name + ".tshark.jsonl")
    if pcap is None or not os.path.exists(exp_path):
        return [f"{name}: capture or expected output missing"], {}
    out = subprocess.run([bbdump] + ARGS.get(name, []) + [pcap],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return [f"{name}: bbdump exited {out.returncode}: {out.stderr}"], {}
    got = [json.loads(line) for line in out.stdout.splitlines()]
    exp = [json.loads(line) for line in open(exp_path, encoding="utf-8")]
    errors = []
    stats = {"frames": len(exp), "compared": 0, "messages": 0}
    if len(got) != len(exp):
        errors.append(f"{name}: {len(got)} frames, tshark has {len(exp)}")
    for i, (b, t) in enumerate(zip(got, exp), start=1):
        where = f"{name}#{i}"
        if b.get("frame") != i:
            errors.append(f"{where}: frame is {b.get('frame')}")
        if str(b.get("len")) != t["frame"]["frame.len"]:
            errors.append(f"{where}: len {b.get('len')} != "
                          f"{t['frame']['frame.len']}")
        for layer in ("eth", "ip", "tcp", "udp"):
            if layer in t:
                if layer not in b:
                    errors.append(f"{where}: layer {layer} missing")
                    continue
                compare_fields(where, layer, b[layer], t[layer], errors,
                               stats)
        for app in APPS:
            tm = tshark_messages(t, app)
            bm = b.get(app, [])
            if len(tm) != len(bm):
                errors.append(f"{where}: {len(bm)} {app} messages, tshark "
                              f"has {len(tm)}")
                continue
            for k, (bx, tx) in enumerate(zip(bm, tm)):
                stats["messages"] += 1
                compare_fields(f"{where}.{app}[{k}]", app, bx, tx, errors,
                               stats)
    return errors, stats


def recheck(names):
    """Re-runs tshark on each capture exactly as gen-captures.sh does and
    compares with the committed decode (what could drift is this machine's
    tshark, not the capture)."""
    import shutil
    if shutil.which("tshark") is None:
        print("recheck: tshark not installed, nothing to do")
        print("0 passed, 0 failed")
        return 0
    passed = failed = 0
    for name in names:
        pcap = next(os.path.join(CAPS, name + e) for e in (".pcap", ".pcapng")
                    if os.path.exists(os.path.join(CAPS, name + e)))
        raw = subprocess.run(
            ["tshark", "-r", pcap, "-T", "json", "--no-duplicate-keys",
             "-o", "tcp.desegment_tcp_streams:TRUE",
             "-o", "tls.desegment_ssl_records:TRUE",
             "-d", "tcp.port==8080,http2", "-d", "tcp.port==8081,http2"],
            capture_output=True, check=False).stdout
        compact = subprocess.run(
            [sys.executable, os.path.join(HERE, "tshark_compact.py")],
            input=raw, capture_output=True, check=False).stdout.decode()
        want = open(os.path.join(CAPS, name + ".tshark.jsonl"),
                    encoding="utf-8").read()
        # Times and generated analysis can differ with the tshark build;
        # the decoded layers bbdump is compared on must not.
        def layers(text):
            out = []
            for line in text.splitlines():
                d = json.loads(line)
                out.append({k: v for k, v in d.items()
                            if k in ("eth", "ip", "tcp", "udp") + tuple(APPS)})
            return out
        if layers(compact) == layers(want):
            passed += 1
            print(f"ok   {name}: tshark decodes as committed")
        else:
            failed += 1
            print(f"FAIL {name}: this tshark decodes differently; "
                  "regenerate with gen-captures.sh --expected-only")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == "--recheck":
        return recheck(sys.argv[2:] or sorted(
            f[:-len(".tshark.jsonl")] for f in os.listdir(CAPS)
            if f.endswith(".tshark.jsonl")))
    bbdump = sys.argv[1]
    names = sys.argv[2:] or sorted(
        f[:-len(".tshark.jsonl")] for f in os.listdir(CAPS)
        if f.endswith(".tshark.jsonl"))
    passed = failed = 0
    for name in names:
        errors, stats = compare_capture(bbdump, name)
        if errors:
            failed += 1
            print(f"FAIL {name}: {len(errors)} mismatches")
            for e in errors[:60]:
                print("  " + e)
        else:
            passed += 1
            print(f"ok   {name}: {stats['frames']} frames, "
                  f"{stats['messages']} messages, {stats['compared']} "
                  f"fields equal to tshark's")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
