#!/usr/bin/env bash
# Start-up refusals, each with a clear message and nothing recreated:
# a read-only data dir, a corrupt database file, a second daemon on the
# same data dir.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 CLI missing"; exit 77; }

# A populated data dir.
bbd_start
rel_wait_plugin fx_ok
id=$(bbd_post /api/v1/runs '{"filters":["fx_ok/math/add"],"settings":{"quick":true}}' | bbd_json 'd["id"]')
bbd_expect_eq "$(bbd_wait_run "$id" 60)" done "first run"

# Two daemons on one data dir: the second is refused while the first runs.
out=$(bbd_start_expect_fail) && bbd_fail "a second daemon started on the same data dir"
echo "$out" | grep -q 'already in use' || bbd_fail "second daemon: unclear message: $out"
bbd_alive
bbd_stop || bbd_fail "bbd exited non-zero"

# Read-only data dir (a read-only bind mount: root ignores mode bits).
RO="$BBD_TMP/ro"
mkdir -p "$RO"
if mount --bind "$BBD_DATA" "$RO" 2>/dev/null && mount -o remount,bind,ro "$RO" 2>/dev/null; then
  sum_before=$(sha256sum "$BBD_DATA/bbd.db" | cut -d' ' -f1)
  rc=0
  out=$(timeout 20 "$BBD_BIN" --listen 127.0.0.1:0 --data-dir "$RO" --worker "$BBD_WORKER" \
    --plugin-dir "$BBD_FIXTURES" 2>&1 >/dev/null) || rc=$?
  umount "$RO"
  [ "$rc" -ne 0 ] || bbd_fail "bbd started on a read-only data dir"
  [ "$rc" -ne 124 ] || bbd_fail "bbd hung on a read-only data dir"
  echo "$out" | grep -qiE 'read-only|permission|EROFS|cannot|writ' ||
    bbd_fail "read-only data dir: unclear message: $out"
  bbd_log "read-only data dir: exit $rc: $(echo "$out" | tail -n 1)"
  bbd_expect_eq "$(sha256sum "$BBD_DATA/bbd.db" | cut -d' ' -f1)" "$sum_before" "db untouched"
else
  umount "$RO" 2>/dev/null
  bbd_log "read-only bind mount not permitted here: checked as a 0500 dir only"
  if [ "$(id -u)" != 0 ]; then
    chmod 500 "$BBD_DATA"
    out=$(bbd_start_expect_fail) && bbd_fail "bbd started on a read-only data dir"
    chmod 700 "$BBD_DATA"
  fi
fi

# Corrupt database: garbage over the header and the first pages. bbd must
# refuse to start and must not replace the file with a fresh database.
cp "$BBD_DATA/bbd.db" "$BBD_TMP/good.db"
rm -f "$BBD_DATA/bbd.db-wal" "$BBD_DATA/bbd.db-shm"
head -c 8192 /dev/urandom | dd of="$BBD_DATA/bbd.db" bs=8192 count=1 conv=notrunc 2>/dev/null
sum_bad=$(sha256sum "$BBD_DATA/bbd.db" | cut -d' ' -f1)
out=$(bbd_start_expect_fail) && bbd_fail "bbd started on a corrupt database"
echo "$out" | grep -qiE 'corrupt|not a database|malformed|integrity|quick_check' ||
  bbd_fail "corrupt database: unclear message: $out"
bbd_log "corrupt db: $(echo "$out" | tail -n 1)"
bbd_expect_eq "$(sha256sum "$BBD_DATA/bbd.db" | cut -d' ' -f1)" "$sum_bad" "corrupt file left as it was"

# Damage deeper in the file (a valid header, a torn table page).
cp "$BBD_TMP/good.db" "$BBD_DATA/bbd.db"
size=$(stat -c %s "$BBD_DATA/bbd.db")
pages=$((size / 4096))
if [ "$pages" -ge 4 ]; then
  head -c 4096 /dev/urandom | dd of="$BBD_DATA/bbd.db" bs=4096 seek=$((pages / 2)) count=1 conv=notrunc 2>/dev/null
  if [ "$(sqlite3 "$BBD_DATA/bbd.db" 'PRAGMA quick_check;' 2>&1)" != ok ]; then
    out=$(bbd_start_expect_fail) && bbd_fail "bbd started on a database failing quick_check"
    bbd_log "torn page: $(echo "$out" | tail -n 1)"
  fi
fi

# The intact copy still starts and has the run.
cp "$BBD_TMP/good.db" "$BBD_DATA/bbd.db"
bbd_start
bbd_expect_eq "$(bbd_get "/api/v1/runs/$id" | bbd_json 'd["state"]')" done "run after restore"
bbd_stop || bbd_fail "bbd exited non-zero"
echo ok
