#!/usr/bin/env bash
# Fault plugins, part 1: segfault, abort, exit(0) mid-run, closed
# stdin/stdout, garbage written to every pipe (the result pipe included).
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
FAULTS="ok/first run/segv run/abort run/exit0 io/close_stdio io/garbage ok/last"
TIMEOUT_S=30
. "$(dirname "$0")/faults_common.sh"
echo ok
