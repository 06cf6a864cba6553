# shellcheck shell=bash
# Helpers for bbctl integration tests (sourced after lib/bbd.sh, which
# provides bbd_start, bbd_fail, BBD_TMP and the EXIT cleanup).
#
#   ctl EXPECTED_RC CONTEXT ARGS...   runs bbctl ARGS (non-TTY), output in
#                                     $OUT / $ERR, fails unless rc matches
#   json_ok FILE CONTEXT              FILE is one JSON document with
#                                     schema_version (parsed by python3)
#   no_escapes FILE CONTEXT           no ANSI escape bytes in FILE
: "${BBCTL_BIN:=build/bin/bbctl}"
[ -x "$BBCTL_BIN" ] || bbd_fail "bbctl binary not found: $BBCTL_BIN"
OUT="$BBD_TMP/ctl.out"
ERR="$BBD_TMP/ctl.err"
# The tests must not see a developer's daemon, token or colour settings.
unset BBD_TOKEN BBD_TOKEN_FILE NO_COLOR
export BBD_DATA_DIR="$BBD_TMP/no-such-data-dir"

ctl() {
  local want=$1 ctx=$2 rc=0
  shift 2
  "$BBCTL_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
  # Under ASan/UBSan a report exits 1, which is also "regressed": look at
  # stderr so a sanitizer finding can never pass as an expected exit code.
  if grep -q "Sanitizer\|runtime error:" "$ERR"; then
    cat "$ERR" >&2
    bbd_fail "$ctx: bbctl $*: sanitizer report"
  fi
  if [ "$rc" != "$want" ]; then
    echo "---- bbctl $* (stdout) ----" >&2
    head -c 3000 "$OUT" >&2
    echo "---- stderr ----" >&2
    head -c 3000 "$ERR" >&2
    bbd_fail "$ctx: bbctl $*: expected exit $want, got $rc"
  fi
}

json_ok() {
  python3 - "$1" <<'PY' || bbd_fail "$2: not one valid JSON document with schema_version"
import json, sys
text = open(sys.argv[1]).read()
doc = json.loads(text)          # exactly one document (extra data fails)
assert isinstance(doc, dict), "top level is not an object"
assert doc.get("schema_version") == 1, "schema_version missing"
assert list(doc)[0] == "schema_version", "schema_version is not first"
assert "command" in doc
PY
}

jq_py() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
v=eval(sys.argv[2])
print(json.dumps(v) if isinstance(v,(dict,list)) else v)' "$@"; }

no_escapes() {
  if grep -q $'\033' "$1"; then
    bbd_fail "$2: ANSI escape in non-TTY output"
  fi
}

grep_q() {
  grep -q -- "$1" "$2" || {
    echo "---- $2 ----" >&2
    head -c 3000 "$2" >&2
    bbd_fail "$3: '$1' not found"
  }
}
