#!/usr/bin/env bash
# Full disk: the data dir lives on a small tmpfs. With the file system
# filled, new writes fail cleanly with an error (HTTP 507 ENOSPC, or a run /
# result marked failed with the reason), nothing stored is damaged, the
# daemon stays up, and once space is freed runs are stored again.
# Needs root (mount); skipped with a message otherwise.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 CLI missing"; exit 77; }
MNT="$BBD_TMP/mnt"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=24m,mode=0700 tmpfs "$MNT" 2>"$BBD_TMP/mount.err"; then
  echo "SKIP: cannot mount a tmpfs here: $(cat "$BBD_TMP/mount.err")"
  exit 77
fi
_rel_umount() {
  for p in $BBD_PIDS; do kill -9 "$p" 2>/dev/null; done
  sleep 0.2
  umount "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null
  _bbd_cleanup
}
trap _rel_umount EXIT
BBD_DATA="$MNT/data"
bbd_start
rel_wait_plugin fx_ok
spec='{"filters":["fx_ok/math/add","fx_cost/cost/spin"],"settings":{"quick":true}}'
id1=$(bbd_post /api/v1/runs "$spec" | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id1" 60)" done "run before the disk fills"
bbd_get "/api/v1/runs/$id1" | bbd_json 'd["results"]' >"$BBD_TMP/r1.before"

# Fill the file system to the last block.
dd if=/dev/zero of="$MNT/fill" bs=64k 2>/dev/null
dd if=/dev/zero of="$MNT/fill2" bs=512 2>/dev/null
avail=$(df --output=avail -B1 "$MNT" | tail -n 1 | tr -d ' ')
bbd_log "tmpfs full (available: $avail bytes)"

# Several runs: the first ones may still fit in pages SQLite already has;
# keep queueing until a write fails visibly (at most 8 runs).
errors=0
for i in 1 2 3 4 5 6 7 8; do
  body=$(bbd_post /api/v1/runs "$spec")
  code=$(bbd_status)
  case "$code" in
  202)
    id=$(echo "$body" | bbd_json 'd["id"]')
    st=$(bbd_wait_run "$id" 60)
    run=$(bbd_get "/api/v1/runs/$id")
    bbd_log "run $id on a full disk: $st $(echo "$run" | bbd_json 'd["error"]')"
    case "$st" in
    done)
      # A done run must hold every result it claims.
      n=$(echo "$run" | bbd_json 'len(d["results"])')
      bbd_expect_eq "$n" "$(echo "$run" | bbd_json 'd["benchmark_count"]')" "run $id results"
      failed=$(echo "$run" | bbd_json 'd["failed_count"]')
      [ "$failed" -gt 0 ] && errors=$((errors + 1))
      ;;
    failed | interrupted)
      reason=$(echo "$run" | bbd_json 'd["error"]')
      [ -n "$reason" ] && [ "$reason" != null ] || bbd_fail "run $id $st without a reason"
      errors=$((errors + 1))
      ;;
    *) bbd_fail "run $id ended $st on a full disk" ;;
    esac
    ;;
  507 | 500 | 503)
    echo "$body" | grep -q '"error"' || bbd_fail "HTTP $code without an error object: $body"
    bbd_log "POST on a full disk: HTTP $code $(echo "$body" | head -c 300)"
    errors=$((errors + 1))
    ;;
  *) bbd_fail "POST /runs on a full disk: HTTP $code $body" ;;
  esac
  bbd_alive
  [ "$errors" -gt 0 ] && break
done
[ "$errors" -gt 0 ] || bbd_fail "8 runs stored on a full file system without a single error (is it full?)"

# Stored data is intact while the disk is full.
bbd_get "/api/v1/runs/$id1" | bbd_json 'd["results"]' >"$BBD_TMP/r1.full"
cmp -s "$BBD_TMP/r1.before" "$BBD_TMP/r1.full" || bbd_fail "run $id1 changed while the disk was full"

# Free the space: the daemon recovers without a restart.
rm -f "$MNT/fill" "$MNT/fill2"
ok=
for i in 1 2 3; do
  body=$(bbd_post /api/v1/runs "$spec")
  if [ "$(bbd_status)" = 202 ]; then
    id=$(echo "$body" | bbd_json 'd["id"]')
    if [ "$(bbd_wait_run "$id" 60)" = done ] &&
      [ "$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["failed_count"]')" = 0 ]; then
      ok=1
      break
    fi
  fi
  sleep 1
done
[ -n "$ok" ] || bbd_fail "no clean run after space was freed"
bbd_get "/api/v1/runs/$id1" | bbd_json 'd["results"]' >"$BBD_TMP/r1.after"
cmp -s "$BBD_TMP/r1.before" "$BBD_TMP/r1.after" || bbd_fail "run $id1 changed"
bbd_stop || bbd_fail "bbd exited non-zero"
bbd_expect_eq "$(sqlite3 "$BBD_DATA/bbd.db" 'PRAGMA integrity_check;')" ok "integrity_check"
echo ok
