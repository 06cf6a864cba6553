/* The command table and the help text of every command. */
#include "cli.h"
#include "cmds.h"

#include <stddef.h>

#define COMMON_HELP                                                            \
  "\nCommon options: --url URL, --token TOKEN, --token-file FILE, --json,\n"   \
  "--no-color, --timeout SECONDS, -h/--help (see `bbctl --help`).\n"

const bbctl_cmd_t bbctl_commands[] = {
    {"status", bbctl_cmd_status,
     "daemon version, uptime, queue, machine, counter capabilities",
     "Usage: bbctl status [--json]\n"
     "\n"
     "Shows the daemon's version, uptime, run queue, machine and which\n"
     "performance counters work on it.\n" COMMON_HELP},
    {"doctor", bbctl_cmd_doctor,
     "check this machine for noisy-benchmark causes and fixes",
     "Usage: bbctl doctor [--json]\n"
     "\n"
     "Checks the machine bbctl runs on (run it where bbd runs): CPU\n"
     "governor, turbo boost, perf_event_paranoid, whether hardware counters\n"
     "work (a real perf_event_open trial of instructions) and why not,\n"
     "software counters, clocksource, load and SMT. Each problem comes with\n"
     "the exact command that fixes it. Needs no daemon. Exits 0 unless the\n"
     "arguments are wrong: the findings are advice.\n" COMMON_HELP},
    {NULL, NULL, NULL, NULL},
};
