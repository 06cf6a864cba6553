# Shell helpers shared by the reliability tests (sourced after lib/bbd.sh).

# rel_wait_plugin NAME: waits (up to 30 s) until plugin NAME is in the
# catalog and the scan that found it is over (a run is validated against the
# finished catalog).
rel_wait_plugin() {
  local i
  for i in $(seq 1 150); do
    bbd_get /api/v1/plugins | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(0 if not d.get("scanning") and any(p["name"] == sys.argv[1] for p in d["plugins"]) else 1)' "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  bbd_fail "plugin $1 not in the catalog after 30 s"
}
