#!/usr/bin/env bash
# Fault plugin, part 3: a child forked in setup() that calls setsid() (a
# daemonising helper) leaves the benchmark's process group. It must not
# outlive the run. DISABLED in CMakeLists.txt: the worker only kills the
# benchmark child's process group (bbd/worker/spawn.c kill(-pid)), so this
# child survives, reparented to init (see docs/RELIABILITY.md). The test
# kills the orphan itself when it finds one.
. "$BBD_TEST_LIB/bbd.sh"
. "$(dirname "$0")/rel.sh"
FAULTS="ok/first proc/setsid ok/last"
TIMEOUT_S=3
. "$(dirname "$0")/faults_common.sh"
echo ok
