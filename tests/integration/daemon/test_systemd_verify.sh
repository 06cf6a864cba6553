#!/usr/bin/env bash
# systemd/bbd.service passes `systemd-analyze verify` (skipped where
# systemd-analyze is not installed).
set -u
command -v systemd-analyze >/dev/null || { echo "no systemd-analyze: skip"; exit 77; }
src=${BBD_SOURCE_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# verify checks that ExecStart exists: point it at the built binary.
sed "s|^ExecStart=/usr/bin/bbd|ExecStart=$BBD_BIN|" "$src/systemd/bbd.service" >"$tmp/bbd.service"
out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$tmp/bbd.service" 2>&1)
rc=$?
# Outside a booted systemd, verify may complain about the environment
# (no D-Bus, unknown users); only lines naming our unit count.
echo "$out"
if [ $rc -ne 0 ] && echo "$out" | grep -q 'bbd.service'; then
  echo "FAIL: systemd-analyze verify" >&2
  exit 1
fi
grep -q '^Type=notify' "$src/systemd/bbd.service" || { echo "FAIL: Type" >&2; exit 1; }
echo ok
