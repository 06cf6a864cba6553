# Shared body of the fault-plugin tests (sourced by test_faults_*.sh after
# lib/bbd.sh and rel.sh). The caller sets:
#   FAULTS    benchmark names of fx_rel_faults to run (without the prefix)
#   TIMEOUT_S settings.timeout_s of the run (bounds every hang)
# Each fault must cost only its own result, with a reason; the healthy
# neighbours (ok/first, ok/last) measure, the daemon stays up, the next run
# proceeds, and no process the plugin forked survives the run.
export FXREL_PIDDIR="$BBD_TMP/pids"
mkdir -p "$FXREL_PIDDIR"
bbd_start
rel_wait_plugin fx_rel_faults

# timeout_s bounds every benchmark child from setup to teardown, so a hang
# costs TIMEOUT_S instead of forever. Short measurements keep the test fast.
filters=$(python3 -c 'import json,sys; print(json.dumps(["fx_rel_faults/" + f for f in sys.argv[1].split()]))' "$FAULTS")
id=$(bbd_post /api/v1/runs "{\"filters\":$filters,\"settings\":{\"quick\":true,\"warmup_s\":0.02,\"measure_s\":0.1,\"samples\":5,\"timeout_s\":$TIMEOUT_S}}" | bbd_json 'd["id"]')
bbd_expect_status 202 "queue the fault run"
state=$(bbd_wait_run "$id" 75)
bbd_expect_eq "$state" done "fault run state"
bbd_alive
bbd_get "/api/v1/runs/$id" >"$BBD_TMP/run.json"
python3 - "$BBD_TMP/run.json" "$FAULTS" <<'PY' || bbd_fail "fault results"
import json, sys
d = json.load(open(sys.argv[1]))
res = {r["benchmark"].split("/", 1)[1]: r for r in d["results"]}
bad = []
want = {  # benchmark: (status, a word the reason must contain, or None)
    "ok/first": ("ok", None), "ok/last": ("ok", None),
    "run/segv": ("failed", "SIGSEGV"), "run/abort": ("failed", "SIGABRT"),
    "run/exit0": ("failed", "exit"), "hang/busy": ("failed", "timeout"),
    "hang/blocked": ("failed", "timeout"), "setup/slow": ("failed", "timeout"),
    "io/garbage": ("failed", None), "proc/fork": (None, None),
    "proc/setsid": (None, None), "mem/leak1g": (None, None),
    "io/close_stdio": (None, None),
}
expected = set(sys.argv[2].split())
if set(res) != expected:
    bad.append("results %s, expected %s" % (sorted(res), sorted(expected)))
for name, r in sorted(res.items()):
    print("%-16s %-7s %s" % (name, r["status"], r.get("failure")))
    if r["status"] == "failed" and not (r.get("failure") or "").strip():
        bad.append("%s failed without a reason" % name)
    if name in want:
        st, word = want[name]
        if st and r["status"] != st:
            bad.append("%s: status %s, want %s" % (name, r["status"], st))
        if word and word not in (r.get("failure") or ""):
            bad.append("%s: reason %r lacks %r" % (name, r.get("failure"), word))
    elif r["status"] not in ("ok", "failed"):
        bad.append("%s: status %s" % (name, r["status"]))
if d["result_count"] != len(expected):
    bad.append("result_count %s" % d["result_count"])
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)
PY

# The next run proceeds normally.
id2=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id2" 60)" done "next run"
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id2" | bbd_json 'd["results"][0]["status"]')" ok "next run result"

# No process the plugin forked outlives the run (polled: the worker reaps
# the group after the benchmark; allow for a loaded machine).
left=
for i in $(seq 1 100); do
  left=
  for f in "$FXREL_PIDDIR"/*; do
    [ -e "$f" ] || continue
    p=${f##*/}
    # A pid that exists and is not a zombie is a live orphan.
    if [ -r "/proc/$p/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$p/stat"; then
      left="$left $p"
    fi
  done
  [ -z "$left" ] && break
  sleep 0.2
done
n=$(ls "$FXREL_PIDDIR" | wc -l)
bbd_log "plugin-forked pids: $(ls "$FXREL_PIDDIR" | tr '\n' ' ')left:${left:- none}"
case " $FAULTS " in
*" proc/"*) [ "$n" -ge 1 ] || bbd_fail "the forking benchmarks recorded no child (fixture broken?)" ;;
esac
if [ -n "$left" ]; then
  for p in $left; do
    echo "orphan: pid $p: $(tr '\0' ' ' </proc/$p/cmdline 2>/dev/null)" >&2
    kill -9 "$p" 2>/dev/null
  done
  bbd_fail "processes forked by the plugin survived the run:$left"
fi
bbd_stop || bbd_fail "bbd exited non-zero"
