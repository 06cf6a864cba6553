#!/usr/bin/env python3
"""Summarises bench/ab/run.sh's trials.tsv into the table of docs/perf/ab.md.

For each condition: how many trials, the share of the verdict that counts as
success (regressed for a 3% slowdown, unchanged for A/A) with its exact 95%
Clopper-Pearson interval (scipy), the other verdicts, time to verdict
(median and max; for paired: the share within 30 s) and the 1-minute load
average seen during the trials.

    python3 bench/ab/summarize.py trials.tsv
"""
import csv
import statistics
import sys

from scipy.stats import binomtest

ORDER = ["paired_3pct", "paired_aa", "paired_3pct_long", "paired_aa_long",
         "unpaired_3pct", "unpaired_aa",
         "unpaired_3pct@1%", "unpaired_aa@1%",
         "unpaired_cpu_3pct", "unpaired_cpu_aa",
         "unpaired_cpu_3pct@1%", "unpaired_cpu_aa@1%"]
LABEL = {
    "paired_3pct": ("paired A/B, 3% slower, thr 1%", "regressed"),
    "paired_aa": ("paired A/A, same .so, thr 1%", "unchanged"),
    "paired_3pct_long": ("paired A/B, 3% slower, thr 1%, max 5000 rounds",
                         "regressed"),
    "paired_aa_long": ("paired A/A, same .so, thr 1%, max 5000 rounds",
                       "unchanged"),
    "unpaired_3pct": ("unpaired baseline, 3% slower, thr 5%", "regressed"),
    "unpaired_aa": ("unpaired baseline A/A, thr 5%", "unchanged"),
    "unpaired_3pct@1%": ("unpaired baseline, 3% slower, thr 1%", "regressed"),
    "unpaired_aa@1%": ("unpaired baseline A/A, thr 1%", "unchanged"),
    "unpaired_cpu_3pct": ("unpaired baseline, CPU time, 3% slower, thr 5%",
                          "regressed"),
    "unpaired_cpu_aa": ("unpaired baseline A/A, CPU time, thr 5%",
                        "unchanged"),
    "unpaired_cpu_3pct@1%": ("unpaired baseline, CPU time, 3% slower, thr 1%",
                             "regressed"),
    "unpaired_cpu_aa@1%": ("unpaired baseline A/A, CPU time, thr 1%",
                           "unchanged"),
}


def ci(k, n):
    r = binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
    return r.low, r.high


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    conds = [c for c in ORDER if any(r["condition"] == c for r in rows)]
    hdr = ("| condition | trials | target verdict | share [95% CI] | other verdicts"
           " | time to verdict s (median / max) | within 30 s | load 1-min (min-max) |"
           " median change [5th, 95th pct of trials] |")
    print(hdr)
    print("|" + "---|" * 9)
    for c in conds:
        rs = [r for r in rows if r["condition"] == c]
        name, want = LABEL[c]
        n = len(rs)
        k = sum(r["verdict"] == want for r in rs)
        lo, hi = ci(k, n)
        other = {}
        for r in rs:
            if r["verdict"] != want:
                v = r["verdict"]
                other[v] = other.get(v, 0) + 1
        other_s = ", ".join(f"{v} {m}" for v, m in sorted(other.items())) or "-"
        secs = [float(r["seconds"]) for r in rs if r["seconds"]]
        within = sum(s <= 30.5 for s in secs)
        loads = [float(x) for r in rs for x in (r["load_start"], r["load_end"])]
        ch = sorted(float(r["change"]) for r in rs if r["change"])
        if ch:
            med = statistics.median(ch)
            p5 = ch[int(0.05 * (len(ch) - 1))]
            p95 = ch[int(round(0.95 * (len(ch) - 1)))]
            chs = f"{med * 100:+.2f}% [{p5 * 100:+.2f}%, {p95 * 100:+.2f}%]"
        else:
            chs = "-"
        print(f"| {name} | {n} | {want} | {k}/{n} = {k / n:.0%} "
              f"[{lo:.0%}, {hi:.0%}] | {other_s} | "
              f"{statistics.median(secs):.1f} / {max(secs):.1f} | "
              f"{within}/{len(secs)} | {min(loads):.1f}-{max(loads):.1f} | {chs} |")
    paired_details(rows)
    print()
    print("Share CIs are exact (Clopper-Pearson) 95% binomial intervals. "
          "Time to verdict: paired = the daemon's elapsed_s for the "
          "benchmark (rounds after calibration of both sides; the whole A/B "
          "run takes somewhat more, see docs/perf/ab.md; 'within 30 s' allows "
          "the one round "
          "that may end after the 30 s budget, i.e. <= 30.5 s); unpaired = duration of the "
          "baseline run + the head run. Changes: the verdict's point estimate "
          "(paired: exp(median log-ratio) - 1; unpaired: mean change).")


def paired_details(rows):
    """How the paired trials stopped, and what the wall-time analysis of the
    same rounds (reported by the daemon beside the CPU-time verdict) would
    have said. Only for trials.tsv files that have the metric columns."""
    conds = [c for c in ORDER if c.startswith("paired")
             and any(r["condition"] == c for r in rows)]
    if not conds or "metric" not in rows[0]:
        return
    print()
    print("| condition | metric | stops | rounds median (min-max) | "
          "CI width at the verdict level, pp: median / max | wall time of the same "
          "rounds: target verdict [95% CI] | wall: other verdicts |")
    print("|" + "---|" * 7)
    for c in conds:
        rs = [r for r in rows if r["condition"] == c]
        name, want = LABEL[c]
        metrics = sorted({r["metric"] or "-" for r in rs})
        stops = {}
        for r in rs:
            stops[r["stop"]] = stops.get(r["stop"], 0) + 1
        stop_s = ", ".join(f"{k} {v}" for k, v in sorted(stops.items()))
        rounds = [int(r["rounds"]) for r in rs if r["rounds"].isdigit()]
        widths = sorted((float(r["hi"]) - float(r["lo"])) * 100
                        for r in rs if r["lo"] and r["hi"])
        ws = [r for r in rs if r.get("wall_verdict") not in (None, "", "-")]
        if ws:
            k = sum(r["wall_verdict"] == want for r in ws)
            lo, hi = ci(k, len(ws))
            wshare = f"{k}/{len(ws)} = {k / len(ws):.0%} [{lo:.0%}, {hi:.0%}]"
            other = {}
            for r in ws:
                if r["wall_verdict"] != want:
                    other[r["wall_verdict"]] = other.get(r["wall_verdict"], 0) + 1
            wother = ", ".join(f"{v} {m}" for v, m in sorted(other.items())) or "-"
        else:
            wshare, wother = "-", "-"
        rs_s = (f"{statistics.median(rounds):.0f} ({min(rounds)}-{max(rounds)})"
                if rounds else "-")
        w_s = (f"{statistics.median(widths):.2f} / {max(widths):.2f}"
               if widths else "-")
        print(f"| {name} | {','.join(metrics)} | {stop_s} | {rs_s} | {w_s} | "
              f"{wshare} | {wother} |")
    print()
    print("By 1-min load average at the start of the trial:")
    print()
    print("| condition | load < 5 | load 5-10 | load >= 10 |")
    print("|---|---|---|---|")
    for c in conds:
        rs = [r for r in rows if r["condition"] == c]
        name, want = LABEL[c]
        cells = []
        for lo_l, hi_l in ((0, 5), (5, 10), (10, 1e9)):
            b = [r for r in rs if lo_l <= float(r["load_start"]) < hi_l]
            k = sum(r["verdict"] == want for r in b)
            cells.append(f"{k}/{len(b)}" if b else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("CI widths are of the verdict's CI, at the per-look level "
          "(`confidence` column of trials.tsv, 99.29% with the defaults). The "
          "wall-time verdicts use the same rounds and the same stop, so they "
          "show what the CPU-time choice changed, not what a wall-time run "
          "with its own stops would give.")


if __name__ == "__main__":
    main(sys.argv[1])
