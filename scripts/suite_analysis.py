#!/usr/bin/env python3
"""Analysis of one suite run, from `bbctl export RUN --format json`.

    scripts/suite_analysis.py results.json [--doctor doctor.txt]
                              [--markdown analysis.md] [--html report.html]

Prints (and writes) the measured method ratios that the old BeBytes guide
only claimed (BufMut vs Vec, raw vs Vec, batch reuse vs per-item), the
allocation bands of every result, the slowest benchmarks, every warning and
failure, and the environment problems `bbctl doctor` found. The HTML file is
a self-contained snapshot (no scripts, no network).
"""
import argparse
import html
import json
import math
import re
import sys


def fmt_ns(ns):
    if ns is None or not math.isfinite(ns):
        return "-"
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if abs(ns) >= div:
            return f"{ns / div:.3g} {unit}"
    return f"{ns:.3g} ns"


def alloc_band(allocs):
    """The profiling guide's bands for allocations per operation."""
    if allocs is None:
        return None
    if allocs < 1:
        return "excellent"
    if allocs == 1:
        return "good"
    return "poor"


def overhead_band(ratio):
    """The profiling guide's bands for bytes allocated / payload bytes."""
    if ratio is None:
        return None
    if ratio < 1.2:
        return "excellent"
    if ratio < 1.5:
        return "good"
    if ratio <= 2.0:
        return "fair"
    return "poor"


def ratio_rows(by_id):
    """(label, numerator id, denominator id, ratio) for each measured pair.

    A ratio > 1 means the second method is that many times faster than the
    first (time of the reference / time of the candidate)."""
    rows = []
    for struct in ("tiny", "medium", "large"):
        vec = f"serialization/methods/{struct}_vec"
        for other, label in (("bufmut", "BufMut vs Vec"), ("raw", "raw vs Vec")):
            oid = f"serialization/methods/{struct}_{other}"
            if vec in by_id and oid in by_id:
                rows.append((f"{label} ({struct})", vec, oid))
    batch = [i for i in by_id if i.startswith("serialization/batch/")]
    per_item = [i for i in batch if re.search(r"per_item|alloc|individual|vec", i)]
    reuse = [i for i in batch if re.search(r"shared|reuse|bufmut", i)]
    raw = [i for i in batch if re.search(r"raw", i)]
    if per_item:
        for r in reuse:
            rows.append(("batch reuse vs per-item", per_item[0], r))
        for r in raw:
            rows.append(("batch raw vs per-item", per_item[0], r))
    out = []
    for label, a, b in rows:
        ta, tb = by_id[a].get("mean"), by_id[b].get("mean")
        if ta and tb:
            out.append((label, a, b, ta / tb))
    return out


def analyse(doc, doctor_text):
    run = doc.get("run", doc)
    results = run.get("results", [])
    ok = [r for r in results if r.get("status") == "ok"]
    by_id = {r["benchmark"]: r for r in ok if not r.get("variant")}
    out = {"run": run.get("id"), "state": run.get("state"),
           "benchmarks": len(results), "failed": [], "ratios": [],
           "bands": [], "slowest": [], "warnings": [], "regressions": [],
           "doctor": []}
    for r in results:
        if r.get("status") != "ok":
            out["failed"].append((r.get("benchmark"), r.get("failure")))
        for w in r.get("warnings") or []:
            msg = w.get("message") if isinstance(w, dict) else str(w)
            out["warnings"].append((r.get("benchmark"), msg))
        v = r.get("verdict") or {}
        if v.get("verdict") == "regressed":
            d = v.get("decision") or {}
            out["regressions"].append((r.get("benchmark"), d.get("change")))
    out["ratios"] = ratio_rows(by_id)
    for r in ok:
        a = r.get("alloc") or {}
        if a.get("status") != "ok":
            continue
        allocs = a.get("allocs_per_op")
        ratio = a.get("overhead_ratio")
        out["bands"].append((r["benchmark"], allocs, alloc_band(allocs),
                             ratio, overhead_band(ratio)))
    out["slowest"] = sorted(((r["benchmark"], r.get("mean")) for r in ok
                             if r.get("mean") is not None),
                            key=lambda x: -x[1])[:10]
    out["doctor"] = [l.rstrip() for l in (doctor_text or "").splitlines()]
    return out


def markdown(a):
    lines = [f"# Suite analysis — run {a['run']} ({a['state']})", "",
             f"{a['benchmarks']} benchmarks, {len(a['failed'])} failed, "
             f"{len(a['regressions'])} regressed, {len(a['warnings'])} warnings.", ""]
    lines += ["## Method ratios (measured)", "",
              "| comparison | reference | candidate | speed-up |",
              "|---|---|---|---:|"]
    lines += [f"| {l} | `{x}` | `{y}` | {r:.2f}× |" for l, x, y, r in a["ratios"]]
    if not a["ratios"]:
        lines.append("| (the serialization plugin was not part of this run) | | | |")
    lines += ["", "## Allocation bands", "",
              "| benchmark | allocs/op | band | overhead ratio | band |",
              "|---|---:|---|---:|---|"]
    for b, al, ab, ra, rb in a["bands"]:
        al_s = "-" if al is None else f"{al:.3g}"
        ra_s = "-" if ra is None else f"{ra:.3g}"
        lines.append(f"| `{b}` | {al_s} | {ab or '-'} | {ra_s} | {rb or '-'} |")
    lines += ["", "## Slowest benchmarks", "", "| benchmark | mean / iter |", "|---|---:|"]
    lines += [f"| `{b}` | {fmt_ns(m)} |" for b, m in a["slowest"]]
    lines += ["", "## Failures and warnings", ""]
    lines += [f"- FAILED `{b}`: {f}" for b, f in a["failed"]]
    lines += [f"- `{b}`: {w}" for b, w in a["warnings"]]
    if not a["failed"] and not a["warnings"]:
        lines.append("- none")
    if a["regressions"]:
        lines += ["", "## Regressions", ""]
        lines += [f"- `{b}`: {c * 100:+.1f}%" if c is not None else f"- `{b}`"
                  for b, c in a["regressions"]]
    lines += ["", "## Environment (bbctl doctor)", ""]
    lines += [f"    {l}" for l in a["doctor"]] or ["- bbctl doctor was not run"]
    return "\n".join(lines) + "\n"


def html_page(a, md_text):
    body = html.escape(md_text)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>bbd suite run {a['run']}</title><style>body{{font-family:"
            "system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}"
            "pre{white-space:pre-wrap}</style></head><body>"
            f"<pre>{body}</pre></body></html>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results")
    ap.add_argument("--doctor")
    ap.add_argument("--markdown")
    ap.add_argument("--html")
    args = ap.parse_args()
    with open(args.results, encoding="utf-8") as f:
        doc = json.load(f)
    doctor = ""
    if args.doctor:
        with open(args.doctor, encoding="utf-8", errors="replace") as f:
            doctor = f.read()
    a = analyse(doc, doctor)
    md = markdown(a)
    sys.stdout.write(md)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(md)
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html_page(a, md))


if __name__ == "__main__":
    main()
