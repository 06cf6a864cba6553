#!/usr/bin/env bash
# Fault plugins, part 2: busy and blocked hangs in run(), 10 minutes in
# setup(), a child forked in setup and left running (in the benchmark's
# process group). Each costs settings.timeout_s (3 s) and its own result.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
FAULTS="ok/first hang/busy hang/blocked setup/slow proc/fork ok/last"
TIMEOUT_S=3
. "$(dirname "$0")/faults_common.sh"
echo ok
