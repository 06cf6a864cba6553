/* The command table and the help text of every command. */
#include "cli.h"
#include "cmds.h"

#include <stddef.h>

#define COMMON_HELP                                                            \
  "\nCommon options: --url URL, --token TOKEN, --token-file FILE, --json,\n"   \
  "--no-color, --quiet, --timeout SECONDS, -h/--help (see `bbctl --help`).\n"  \
  "Exit codes: 0 ok, 1 regressed, 2 usage, 3 daemon, 4 benchmark failed,\n"    \
  "5 inconclusive (--fail-on-inconclusive), 6 not comparable, 7 not found.\n"

#define RUN_REF_HELP                                                           \
  "RUN is a run id, `latest` (the newest finished run) or a baseline name\n"   \
  "(also written run:ID and baseline:NAME).\n"

const bbctl_cmd_t bbctl_commands[] = {
    {"status", bbctl_cmd_status,
     "daemon version, uptime, queue, machine, counter capabilities",
     "Usage: bbctl status [--json]\n"
     "\n"
     "Shows the daemon's version, uptime, run queue, machine and which\n"
     "performance counters work on it.\n" COMMON_HELP},
    {"plugins", bbctl_cmd_plugins,
     "list plugins, their benchmarks and parameters, load errors",
     "Usage: bbctl plugins [-l|--long] [--rescan] [FILTER...]\n"
     "\n"
     "Lists the loaded plugins and the plugin files that could not be\n"
     "loaded (with the reason and both ABI versions).\n"
     "  -l, --long    list every benchmark id with its parameters\n"
     "  FILTER...     list only benchmarks matching these globs (implies -l)\n"
     "  --rescan      ask the daemon to rescan its plugin directories first\n"
     "--json prints plugins, broken plugins and benchmarks.\n" COMMON_HELP},
    {"run", bbctl_cmd_run, "run benchmarks, show progress and results",
     "Usage: bbctl run [OPTIONS] [FILTER...]\n"
     "\n"
     "Queues a run of every benchmark whose full id "
     "(plugin/group/name[/param])\n"
     "matches one of the shell globs FILTER; `*` also matches `/`, so\n"
     "'serialization/*tiny*' selects every tiny benchmark of that plugin. A\n"
     "FILTER without glob characters selects a plugin or group by prefix. No\n"
     "FILTER runs everything. Quote globs so the shell leaves them alone.\n"
     "\n"
     "While waiting, progress goes to stderr: a bar on a terminal, one line\n"
     "per finished benchmark otherwise. Then the results table is printed.\n"
     "\n"
     "  --quick              short warm-up and measurement (smoke test)\n"
     "  --samples N          samples per benchmark (2..10000)\n"
     "  --warmup S           warm-up seconds (e.g. 1, 0.5, 200ms)\n"
     "  --measure S          measurement seconds per benchmark\n"
     "  -p, --param K=V      set parameter K of every selected benchmark that\n"
     "                       declares it (repeatable)\n"
     "  --tag K=V            tag the run, e.g. --tag git_sha=$(git rev-parse "
     "HEAD)\n"
     "  --baseline NAME      compare each result with baseline NAME when done\n"
     "  --metric wall|cpu    what --baseline compares per iteration: wall\n"
     "                       time (default) or task-clock CPU time (steadier\n"
     "                       on loaded machines, wrong for benchmarks that\n"
     "                       sleep, wait on I/O or run several threads)\n"
     "  --save-baseline NAME make this run baseline NAME if it completes\n"
     "  --threshold PCT      noise threshold of the verdicts (default 5)\n"
     "  --force              compare even if the environments differ\n"
     "  --fail-on-inconclusive  exit 5 when a verdict is inconclusive\n"
     "  --note TEXT          free text stored with the run\n"
     "  --detach             print the run id and return at once\n"
     "\n"
     "Exit code: 1 if a benchmark regressed against --baseline, 4 if one\n"
     "failed (crash, timeout, setup error), 7 if no benchmark "
     "matches.\n" COMMON_HELP},
    {"ab", bbctl_cmd_ab,
     "paired, interleaved A/B comparison of two plugin builds",
     "Usage: bbctl ab [OPTIONS] BASE_PLUGIN_DIR HEAD_PLUGIN_DIR [FILTER...]\n"
     "\n"
     "Runs each selected benchmark from both plugin directories (same .so\n"
     "file name) in interleaved rounds with identical iteration counts and\n"
     "judges the paired ratios: far more reliable than comparing with a\n"
     "stored baseline on a noisy machine. FILTERs select benchmarks of the\n"
     "base directory's plugins, as in `bbctl run`. Directories are sent as\n"
     "absolute paths; the daemon checks them like its plugin directories.\n"
     "\n"
     "  --threshold PCT      paired noise threshold (default 1)\n"
     "  --order O            abba (default), random or balanced\n"
     "  --min-rounds N, --max-rounds N   bounds on the rounds (default 100\n"
     "                       minimum, the budget ends a run)\n"
     "  --min-time S         no early stop before S seconds (default 3, at\n"
     "                       most half the budget)\n"
     "  --budget S           time budget per benchmark (default 30 s)\n"
     "  --target-width PCT   stop when the CI is this narrow (default 1)\n"
     "  --quick, --samples N, --warmup S, --measure S, -p K=V, --tag K=V,\n"
     "  --note TEXT, --detach, --fail-on-inconclusive   as for `bbctl run`\n"
     "\n"
     "Prints the verdict table: A and B time per iteration, change with its\n"
     "CI (level corrected for the planned looks), verdict, rounds used and\n"
     "why it stopped.\n" COMMON_HELP},
    {"compare", bbctl_cmd_compare,
     "compare two runs or baselines: change, CI, verdict, deltas",
     "Usage: bbctl compare [OPTIONS] BASE HEAD\n"
     "       bbctl compare --from-dir [OPTIONS] A B\n"
     "\n"
     "BASE and HEAD are run ids, baseline names or `latest`. For every\n"
     "benchmark prints the change of the mean in % with its 95% CI and the\n"
     "verdict (regressed, improved, unchanged, inconclusive), then the\n"
     "counter and allocation deltas per iteration.\n"
     "\n"
     "  --threshold PCT      noise threshold (default 5)\n"
     "  --force              compare even if the environments differ (else\n"
     "                       exit 6 listing the differences)\n"
     "  --fail-on-inconclusive  exit 5 when a verdict is inconclusive\n"
     "  --filter GLOB        only benchmarks matching GLOB\n"
     "  --center mean|median, --multiplicity holm|bh|none\n"
     "  --metric wall|cpu    compare wall time (default) or task-clock CPU\n"
     "                       time per iteration; cpu needs the task-clock\n"
     "                       counter in both runs, and is not for --from-dir\n"
     "  --no-deltas          skip the counter/allocation delta table\n"
     "  --from-dir           A and B are files written by `bbctl export RUN\n"
     "                       --format json` or directories of such files;\n"
     "                       compares offline with the daemon's statistics\n"
     "                       (no daemon needed)\n" COMMON_HELP},
    {"baseline", bbctl_cmd_baseline, "save, list or remove named baselines",
     "Usage: bbctl baseline save NAME [RUN] [--note TEXT]\n"
     "       bbctl baseline list\n"
     "       bbctl baseline rm NAME\n"
     "\n"
     "A baseline is a name pointing at a run (moving it keeps its history).\n"
     "save points NAME at RUN (default: latest). NAME: [A-Za-z0-9_.-]{1,128}.\n"
     "\n" RUN_REF_HELP COMMON_HELP},
    {"runs", bbctl_cmd_runs, "list recent runs",
     "Usage: bbctl runs [-n|--limit N] [--state S[,S..]] [--tag K=V]...\n"
     "\n"
     "Lists runs, newest first (default 20, at most 1000). --state filters by\n"
     "queued, running, done, failed, cancelled, interrupted; --tag by "
     "tags.\n" COMMON_HELP},
    {"show", bbctl_cmd_show, "show one run with its results",
     "Usage: bbctl show [--fail-on-inconclusive] RUN\n"
     "\n"
     "Prints the run (state, tags, timing) and its results table. The exit\n"
     "code reflects the results: 4 if a benchmark failed, 1 if one regressed\n"
     "against the baseline the run was compared with.\n"
     "\n" RUN_REF_HELP COMMON_HELP},
    {"cancel", bbctl_cmd_cancel, "cancel a queued or running run",
     "Usage: bbctl cancel RUN\n"
     "\n"
     "Cancels a queued or running run; results already stored are kept.\n"
     "Cancelling a finished run is refused (exit 2).\n" COMMON_HELP},
    {"history", bbctl_cmd_history,
     "a benchmark over time: sparkline or table with change points",
     "Usage: bbctl history [OPTIONS] BENCHMARK\n"
     "\n"
     "BENCHMARK is a full id (plugin/group/name[/param]). Prints a text\n"
     "sparkline of the last runs (oldest first) with ^ under change points,\n"
     "or a table with --table, then each change point: where, from what to\n"
     "what, and by how much.\n"
     "\n"
     "  -n, --limit N        runs to show (default 50)\n"
     "  --metric M           mean (default), median or slope\n"
     "  --table              a table instead of the sparkline\n"
     "  --variant a|b        A/B results of one side\n"
     "  --tag K=V            only runs with this tag "
     "(repeatable)\n" COMMON_HELP},
    {"export", bbctl_cmd_export, "export a run as JSON, CSV or Markdown",
     "Usage: bbctl export RUN [-f|--format json|csv|markdown] [-o FILE]\n"
     "\n"
     "  -f, --format F       markdown (default; with --json: json)\n"
     "  -o, --output FILE    write to FILE instead of stdout\n"
     "  --no-samples         json: leave out raw samples (then compare\n"
     "                       --from-dir cannot judge the run)\n"
     "\n"
     "markdown is ready to paste into a pull-request comment: a verdict\n"
     "summary, one table row per benchmark, failures and warnings folded.\n"
     "json is "
     "{\"schema_version\",\"kind\":\"bbd-run-export\",\"environment\",\n"
     "\"run\"} with every result's samples; `bbctl compare --from-dir` reads\n"
     "it. csv has one row per result (header names the columns).\n"
     "\n" RUN_REF_HELP COMMON_HELP},
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
