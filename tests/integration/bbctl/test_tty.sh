#!/usr/bin/env bash
# On a terminal (a pty from script(1)): a progress bar redrawn in place and
# coloured verdicts; NO_COLOR and --no-color remove the colours. Also the
# token: with bbd --auth, bbctl finds the token in the data dir, and a
# wrong token is refused (exit 2).
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"
command -v script >/dev/null || { echo "script(1) missing: skip"; exit 77; }
bbd_start --auth
export BBD_URL
bbd_wait_for sh -c "curl -s $BBD_URL/api/v1/plugins | grep -q '\"fx_cost\"'" ||
  bbd_fail "fx_cost never appeared in the catalog"
spin=fx_cost/cost/spin

# Mutations need the token: none -> refused (401 -> 2); the data dir's
# token file is found through BBD_DATA_DIR; --token-file works too.
ctl 2 "no token" run --quick $spin
grep_q "EAUTH" "$ERR" "auth error named"
ctl 2 "wrong token" --token nope run --quick $spin
ctl 0 "token file option" --token-file "$BBD_DATA/token" run --quick $spin \
  -p work=100 --save-baseline tty
BBD_DATA_DIR="$BBD_DATA" ctl 0 "token from the data dir" baseline save tty2
ctl 0 "reads need no token" runs

# tty LOG CMD...: runs bbctl on a pty (stdout and stderr both on it).
tty_run() {
  local log=$1
  shift
  local cmd
  cmd=$(printf '%q ' "$BBCTL_BIN" "$@")
  script -qec "$cmd" /dev/null >"$log" 2>&1 </dev/null || true
}
export BBD_DATA_DIR="$BBD_DATA"
tty_run "$BBD_TMP/tty.log" run --quick $spin -p work=4000 --baseline tty
grep -q $'\r\033\[K\[[#.]' "$BBD_TMP/tty.log" ||
  bbd_fail "no progress bar on a terminal: $(cat -A "$BBD_TMP/tty.log" | head -20)"
grep -q $'\033\[31mregressed' "$BBD_TMP/tty.log" ||
  bbd_fail "regressed verdict not red on a terminal: $(cat -A "$BBD_TMP/tty.log" | head -20)"

NO_COLOR=1 tty_run "$BBD_TMP/nc.log" show latest
grep -q "regressed" "$BBD_TMP/nc.log" || bbd_fail "show on tty: $(cat "$BBD_TMP/nc.log")"
grep -q $'\033\[3[0-9]m' "$BBD_TMP/nc.log" && bbd_fail "NO_COLOR ignored"
tty_run "$BBD_TMP/nc2.log" show latest --no-color
grep -q $'\033\[3[0-9]m' "$BBD_TMP/nc2.log" && bbd_fail "--no-color ignored"
tty_run "$BBD_TMP/c.log" show latest
grep -q $'\033\[31mregressed' "$BBD_TMP/c.log" || bbd_fail "show: no colour on a tty"
bbd_stop
echo "PASS"
