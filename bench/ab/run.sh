#!/usr/bin/env bash
# Regression-detection power of bbd in REAL runs on this machine.
#
#   bench/ab/run.sh BUILD_DIR [TRIALS] [OUT_DIR]
#
# BUILD_DIR is a configured and built tree (bin/bbd, bin/bbd-worker,
# bin/bbctl, ab/a/ab_cost.so and ab/b/ab_cost.so from bench/ab/CMakeLists.txt:
# the same benchmark with 1000 and 1030 per mille of the work, i.e. B is a 3%
# slowdown of A). TRIALS (default 20) is the number of trials; OUT_DIR
# (default: a temp dir, removed) keeps the raw JSON and the per-trial table
# trials.tsv (written as it goes, so a partial run can be summarised).
#
# Environment: AA_PER_TRIAL (default 1) paired A/A runs per trial (A/A needs
# more trials than 3% to show its target); UNPAIRED_EVERY (default 1) runs
# the unpaired conditions in every N-th trial only (they take ~18 s); LONG=1
# adds the old "--max-rounds 5000" paired conditions (not needed since the
# default round cap no longer ends a run before the 30 s budget); PAIRED=0
# skips the paired conditions (to spend the time on the unpaired ones);
# UNPAIRED_CPU (default 1) also judges each unpaired pair of runs on CPU
# time (bbctl compare --metric cpu at 5% and 1%: the same two runs as the
# wall-time rows, so the two metrics see exactly the same load).
#
# One real bbd on 127.0.0.1 (port 0) with a temp data dir, driven only by
# bbctl. Each trial runs, back to back (so the conditions share the
# machine's load):
#   paired 3%    bbctl ab ab/a ab/b 'ab_cost/*'        (defaults: 1% threshold,
#                                                       ABBA, 30 s budget)
#   paired A/A   bbctl ab ab/a ab/a 'ab_cost/*'        (the same .so both sides)
#   unpaired 3%  bbctl run --save-baseline (A installed), then
#                bbctl run --baseline (B installed)     (default 5% threshold),
#                and bbctl compare BASE HEAD --threshold 1 on the same two runs
#   unpaired A/A the same with A installed both times
#   unpaired CPU time (UNPAIRED_CPU=1): bbctl compare BASE HEAD --metric cpu
#                at the default 5% and at --threshold 1, on the same two runs
# The unpaired runs need one plugin file at a time in the daemon's plugin dir:
# the script swaps ab_cost.so there (atomic rename) and waits until the
# catalog shows the expected build (its version string names the cost).
#
# Prints a table: for each condition the share of each verdict with a 95%
# Clopper-Pearson interval, time to verdict, and the 1-minute load average
# seen during the trials. The machine is not quiet; the load is part of the
# result.
set -u

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: $0 BUILD_DIR [TRIALS] [OUT_DIR]" >&2
  exit 2
fi
BUILD=$(realpath "$1")
TRIALS=${2:-20}
case $TRIALS in
'' | *[!0-9]*) echo "TRIALS must be a positive integer" >&2; exit 2 ;;
esac
[ "$TRIALS" -ge 1 ] || { echo "TRIALS must be >= 1" >&2; exit 2; }
# SciPy (Debian's python3-scipy) is in the system Python, which may not be
# the first python3 on PATH.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$BUILD/bin
ADIR=$BUILD/ab/a
BDIR=$BUILD/ab/b
for f in "$BIN/bbd" "$BIN/bbd-worker" "$BIN/bbctl" "$ADIR/ab_cost.so" \
  "$BDIR/ab_cost.so"; do
  [ -e "$f" ] || { echo "missing $f (build $BUILD first)" >&2; exit 2; }
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bbd-ab.XXXXXX")
chmod 700 "$TMP"
if [ $# -ge 3 ]; then
  OUT=$3
  mkdir -p "$OUT"
else
  OUT=$TMP/out
  mkdir -p "$OUT"
fi
PLUG=$TMP/plug
mkdir -m 700 "$PLUG"
BBD_PID=

descendants() {
  local c
  for c in $(pgrep -P "$1" 2>/dev/null); do
    echo "$c"
    descendants "$c"
  done
}
cleanup() {
  # Kill only what this script started: the daemon and its workers, found
  # by parent pid (never by name).
  if [ -n "$BBD_PID" ] && kill -0 "$BBD_PID" 2>/dev/null; then
    local kids
    kids=$(descendants "$BBD_PID")
    kill -TERM "$BBD_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$BBD_PID" 2>/dev/null || break
      sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -9 "$BBD_PID" $kids 2>/dev/null
    wait "$BBD_PID" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# catalog_state: "GENERATION SCANNING VERSION STATUS" of the catalog and of
# the ab_cost plugin ("- -" when it is not listed).
catalog_state() {
  curl -sS --max-time 5 "$URL/api/v1/plugins" 2>/dev/null |
    "$PY" -c 'import json,sys
try:
    d=json.load(sys.stdin)
except Exception:
    print("-1 1 - -"); sys.exit(0)
p=[x for x in d.get("plugins",[]) if x.get("name")=="ab_cost"]
v=(p[0].get("version","-")+" "+p[0].get("status","-")) if p else "- -"
print(d.get("generation",-1), 1 if d.get("scanning") else 0, v)'
}

# install_side DIR VERSION: puts DIR/ab_cost.so into the daemon's plugin dir
# (atomic rename) and waits until a catalog scan that started after the
# rename has finished and lists that build. Waiting for the version alone
# is not enough: while the replaced file is described again its benchmarks
# are not selectable, and a run queued then is refused (seen with A over A).
install_side() {
  local st gen0
  st=$(catalog_state)
  gen0=${st%% *}
  cp "$1/ab_cost.so" "$PLUG/.ab_cost.tmp"
  chmod 755 "$PLUG/.ab_cost.tmp"
  mv -f "$PLUG/.ab_cost.tmp" "$PLUG/ab_cost.so"
  for _ in $(seq 1 300); do
    st=$(catalog_state)
    if [ "${st%% *}" -gt "$gen0" ] && [ "$st" = "${st%% *} 0 $2 ok" ]; then
      return 0
    fi
    sleep 0.1
  done
  echo "catalog did not pick up $1/ab_cost.so (version $2); last: $st" >&2
  exit 1
}

"$BIN/bbd" --listen 127.0.0.1:0 --data-dir "$TMP/data" \
  --worker "$BIN/bbd-worker" --plugin-dir "$PLUG" \
  >"$TMP/bbd.out" 2>"$TMP/bbd.log" &
BBD_PID=$!
URL=
for _ in $(seq 1 300); do
  URL=$(sed -n 's/^bbd: listening on //p' "$TMP/bbd.out" 2>/dev/null | head -n 1)
  [ -n "$URL" ] && break
  kill -0 "$BBD_PID" 2>/dev/null || { cat "$TMP/bbd.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "bbd did not start" >&2; exit 1; }
CTL=("$BIN/bbctl" --url "$URL" --json --quiet --timeout 120)

VA="1.0+permille.1000"
VB="1.0+permille.1030"
install_side "$ADIR" "$VA"

{
  echo "# bbd $("$BIN/bbd" --version 2>&1 | head -n 1)"
  echo "# $(uname -srm); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "# started $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), trials $TRIALS, AA_PER_TRIAL=${AA_PER_TRIAL:-1} UNPAIRED_EVERY=${UNPAIRED_EVERY:-1} LONG=${LONG:-0} PAIRED=${PAIRED:-1} UNPAIRED_CPU=${UNPAIRED_CPU:-1}"
} | tee "$OUT/header.txt" >&2

TSV=$OUT/trials.tsv
printf 'trial\tcondition\tverdict\tchange\tlo\thi\tseconds\tstop\trounds\tload_start\tload_end\tmetric\twall_verdict\twall_change\twall_lo\twall_hi\tconfidence\n' >"$TSV"

# paired NAME BDIR TRIAL [bbctl ab options]: one `bbctl ab` trial; the
# verdict is on the "b" result.
paired() {
  local name=$1 bdir=$2 t=$3 f l0 l1 s0 s1
  shift 3
  f=$OUT/$name.$t.json
  l0=$(loadavg)
  s0=$(date +%s.%N)
  "${CTL[@]}" ab "$@" "$ADIR" "$bdir" 'ab_cost/*' >"$f" 2>"$f.err"
  s1=$(date +%s.%N)
  l1=$(loadavg)
  "$PY" - "$f" "$t" "$name" "$l0" "$l1" "$s0" "$s1" >>"$TSV" <<'PY'
import json, sys
f, t, name, l0, l1, s0, s1 = sys.argv[1:]
wall = float(s1) - float(s0)
try:
    d = json.load(open(f))
    r = [x for x in d["run"]["results"] if x["variant"] == "b"][0]
    v = r["verdict"]
    dec = v["decision"]
    # Time to verdict: the daemon's elapsed time of this benchmark's A/B
    # (rounds after calibration); the run duration is in the raw JSON.
    # Wall-time analysis of the same rounds (reported by the daemon next to
    # the CPU-time verdict; absent when wall time was the verdict's metric).
    w = v.get("wall") or {}
    wd = w.get("decision") or {}
    print(t, name, dec["verdict"], dec["change"], dec["lo"], dec["hi"],
          round(v.get("elapsed_s", wall), 2), v.get("stop", "-"),
          v.get("rounds", "-"), l0, l1, v.get("metric", "wall"),
          w.get("verdict", "-"), wd.get("change", ""), wd.get("lo", ""),
          wd.get("hi", ""), v.get("confidence", ""), sep="\t")
except Exception as e:  # a failed trial is a result too, not a skip
    print(t, name, "error", "", "", "", round(wall, 2), repr(e)[:60], "",
          l0, l1, "", "", "", "", "", "", sep="\t")
PY
}

# unpaired NAME HEAD_DIR HEAD_VERSION: run A as a baseline, run HEAD against
# it (default 5% threshold), then compare the same two runs at 1%.
unpaired() {
  local name=$1 hdir=$2 hver=$3 t=$4 fa fb fc l0 l1 s0 s1
  fa=$OUT/$name.$t.base.json
  fb=$OUT/$name.$t.head.json
  fc=$OUT/$name.$t.cmp1.json
  l0=$(loadavg)
  install_side "$ADIR" "$VA"
  s0=$(date +%s.%N)
  "${CTL[@]}" run --save-baseline "base_${name}_$t" 'ab_cost/*' >"$fa" 2>"$fa.err"
  install_side "$hdir" "$hver"
  "${CTL[@]}" run --baseline "base_${name}_$t" 'ab_cost/*' >"$fb" 2>"$fb.err"
  s1=$(date +%s.%N)
  local hid
  hid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["id"])' "$fb" 2>/dev/null)
  "${CTL[@]}" compare "base_${name}_$t" "${hid:-latest}" --threshold 1 >"$fc" 2>"$fc.err"
  local fcc=$OUT/$name.$t.cpu5.json fcc1=$OUT/$name.$t.cpu1.json
  if [ "${UNPAIRED_CPU:-1}" = 1 ]; then
    "${CTL[@]}" compare "base_${name}_$t" "${hid:-latest}" --metric cpu >"$fcc" 2>"$fcc.err"
    "${CTL[@]}" compare "base_${name}_$t" "${hid:-latest}" --metric cpu --threshold 1 >"$fcc1" 2>"$fcc1.err"
  fi
  l1=$(loadavg)
  "$PY" - "$fa" "$fb" "$fc" "$t" "$name" "$l0" "$l1" "$s0" "$s1" "${UNPAIRED_CPU:-1}" "$fcc" "$fcc1" >>"$TSV" <<'PY'
import json, sys
fa, fb, fc, t, name, l0, l1, s0, s1, cpu, fcc, fcc1 = sys.argv[1:]
wall = float(s1) - float(s0)
secs = wall
def row(cond, dec, secs, metric="wall"):
    print(t, cond, dec["verdict"], dec["change"], dec["lo"], dec["hi"],
          round(secs, 2), "-", "-", l0, l1, metric, "-", "", "", "", "",
          sep="\t")
try:
    a = json.load(open(fa))["run"]
    b = json.load(open(fb))["run"]
    # Time to verdict: both runs as the daemon timed them.
    secs = (a["duration_s"] or 0) + (b["duration_s"] or 0)
    r = b["results"][0]
    row(name, r["verdict"]["decision"], secs)
    c = json.load(open(fc))["comparison"]["benchmarks"][0]
    row(name + "@1%", c["decision"], secs)
except Exception as e:
    for cond in (name, name + "@1%"):
        print(t, cond, "error", "", "", "", round(wall, 2), repr(e)[:60],
              "", l0, l1, "", "", "", "", "", "", sep="\t")
if cpu == "1":
    cname = name.replace("unpaired_", "unpaired_cpu_")
    for f, cond in ((fcc, cname), (fcc1, cname + "@1%")):
        try:
            d = json.load(open(f))["comparison"]
            assert d["metric"] == "cpu", d.get("metric")
            b = d["benchmarks"][0]
            if b["decision"] is None:  # no task-clock: a result, not a skip
                raise ValueError(b["note"])
            row(cond, b["decision"], secs, "cpu")
        except Exception as e:
            print(t, cond, "error", "", "", "", round(wall, 2), repr(e)[:60],
                  "", l0, l1, "cpu", "", "", "", "", "", sep="\t")
PY
}

AA_PER_TRIAL=${AA_PER_TRIAL:-1}
UNPAIRED_EVERY=${UNPAIRED_EVERY:-1}
LONG=${LONG:-0}
PAIRED=${PAIRED:-1}
[ "$PAIRED" = 1 ] || AA_PER_TRIAL=0
for t in $(seq 1 "$TRIALS"); do
  [ "$PAIRED" = 1 ] && paired paired_3pct "$BDIR" "$t"
  for k in $(seq 1 "$AA_PER_TRIAL"); do
    if [ "$AA_PER_TRIAL" -gt 1 ]; then
      paired paired_aa "$ADIR" "$t.$k"
    else
      paired paired_aa "$ADIR" "$t"
    fi
  done
  if [ "$LONG" = 1 ] && [ "$PAIRED" = 1 ]; then
    paired paired_3pct_long "$BDIR" "$t" --max-rounds 5000
    paired paired_aa_long "$ADIR" "$t" --max-rounds 5000
  fi
  if [ $(((t - 1) % UNPAIRED_EVERY)) -eq 0 ]; then
    unpaired unpaired_3pct "$BDIR" "$VB" "$t"
    unpaired unpaired_aa "$ADIR" "$VA" "$t"
  fi
  echo "trial $t/$TRIALS done $(date -u +%T), load $(loadavg)" >&2
done
echo "# finished $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)" |
  tee -a "$OUT/header.txt" >&2

cat "$OUT/header.txt"
"$PY" "$HERE/summarize.py" "$TSV"
