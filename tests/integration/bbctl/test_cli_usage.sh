#!/usr/bin/env bash
# bbctl without a daemon: help texts, the documented exit codes, usage
# errors (exit 2) for nonsense arguments of every command, an unreachable
# daemon (exit 3, also as a --json error document), and doctor.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/lib_bbctl.sh"

ctl 0 "main help" --help
for code in "0  success" "1  at least one benchmark regressed" "2  usage" \
  "3  daemon unreachable" "4  a benchmark failed" "5  inconclusive" \
  "6  environments not comparable" "7  not found"; do
  grep_q "$code" "$OUT" "bbctl --help exit codes"
done
ctl 0 "version" --version
grep_q "bbctl 0" "$OUT" "version"

cmds="status plugins run ab compare baseline runs show cancel history export doctor"
for c in $cmds; do
  ctl 0 "$c --help" "$c" --help
  grep_q "Usage: bbctl" "$OUT" "$c --help"
  grep_q "Exit codes" "$OUT" "$c --help mentions exit codes"
  ctl 0 "help $c" help "$c"
  # Nonsense options: exit 2 with the command named on stderr.
  ctl 2 "$c --no-such-option" "$c" --no-such-option
  grep_q "unknown option" "$ERR" "$c: unknown option message"
  [ -s "$OUT" ] && bbd_fail "$c: usage error wrote to stdout"
done
ctl 2 "no command"
ctl 2 "unknown command" frobnicate
ctl 2 "help of unknown command" help frobnicate
# Bad values and operand counts.
ctl 2 "run samples" run --samples 0
ctl 2 "run samples" run --samples lots
ctl 2 "run warmup unit" run --warmup 3h
ctl 2 "run threshold" run --threshold -5
ctl 2 "run param" run -p novalue
ctl 2 "run param twice" run -p a=1 -p a=2
ctl 2 "run tag" run --tag =x
ctl 2 "run save-baseline name" run --save-baseline 'no/slash'
ctl 2 "run filter with space" run 'a b'
ctl 2 "run missing value" run --samples
ctl 2 "ab one dir" ab /tmp
ctl 2 "ab order" ab /a /b --order nope
ctl 2 "compare one ref" compare 1
ctl 2 "compare three refs" compare 1 2 3
ctl 2 "compare bad ref" compare '1 2' 3
ctl 2 "compare center" compare 1 2 --center mode
ctl 2 "baseline no sub" baseline
ctl 2 "baseline bad sub" baseline frob
ctl 2 "baseline save bad name" baseline save 'bad name'
ctl 2 "baseline save reserved" baseline save latest
ctl 2 "baseline rm no name" baseline rm
ctl 2 "runs limit" runs --limit 0
ctl 2 "runs limit" runs --limit 100000
ctl 2 "runs state" runs --state sleeping
ctl 2 "show no run" show
ctl 2 "show two runs" show 1 2
ctl 2 "cancel no run" cancel
ctl 2 "history glob" history 'fx/*'
ctl 2 "history metric" history fx/a/b --metric max
ctl 2 "export format" export 1 --format xml
ctl 2 "export no run" export
ctl 2 "doctor operand" doctor extra
ctl 2 "bad url" --url ftp://x status
ctl 2 "bad timeout" --timeout 0 status
ctl 2 "missing token file" --token-file "$BBD_TMP/none" status
# --json usage errors still print one JSON document (with the exit code).
ctl 2 "json usage error" --json run --samples 0
json_ok "$OUT" "json usage error"
[ "$(jq_py "$OUT" 'd["exit_code"]')" = 2 ] || bbd_fail "json error exit_code"

# Nothing listens on port 1: the daemon is unreachable -> 3, for every
# command that talks to it.
dead=http://127.0.0.1:1
for args in "status" "plugins" "run --quick" "runs" "show 1" "cancel 1" \
  "compare 1 2" "baseline list" "history fx/a/b" "export 1" \
  "ab /tmp /tmp"; do
  # shellcheck disable=SC2086
  ctl 3 "unreachable: $args" --url $dead $args
  grep_q "cannot reach bbd" "$ERR" "unreachable message ($args)"
done
BBD_URL=$dead ctl 3 "BBD_URL is honoured" status
ctl 3 "json unreachable" --json --url $dead status
json_ok "$OUT" "json unreachable"
[ "$(jq_py "$OUT" 'd["ok"]')" = False ] || bbd_fail "json error ok flag"

# doctor needs no daemon and explains hardware counters either way.
ctl 0 "doctor" doctor
grep_q "hardware counters" "$OUT" "doctor hw counters"
grep_q "perf_event_paranoid" "$OUT" "doctor paranoid"
no_escapes "$OUT" "doctor"
ctl 0 "doctor json" doctor --json
json_ok "$OUT" "doctor json"
hw=$(jq_py "$OUT" '[c for c in d["checks"] if c["check"]=="hw_counters"][0]["status"]')
case "$hw" in
ok) ;;
fail)
  jq_py "$OUT" '[c for c in d["checks"] if c["check"]=="hw_counters"][0]["fix"]' |
    grep -q . || bbd_fail "doctor: failing hw counters without a fix"
  ;;
*) bbd_fail "doctor: hw counter status '$hw'" ;;
esac
echo "PASS"
