#include "exitcode.h"

#include <stddef.h>
#include <strings.h>
#include <string.h>

const char bbctl_exit_help[] =
    "Exit codes (the same for every command):\n"
    "  0  success; no regression (improvements never fail)\n"
    "  1  at least one benchmark regressed\n"
    "  2  usage error: unknown command or option, bad value\n"
    "  3  daemon unreachable, or it answered with a server error or garbage\n"
    "  4  a benchmark failed (crash, timeout, setup error)\n"
    "  5  inconclusive verdicts, only with --fail-on-inconclusive\n"
    "  6  environments not comparable (use --force to compare anyway)\n"
    "  7  not found: unknown run, baseline or benchmark\n"
    "  When several apply: 2, 3, 7, 6, 4, 1, 5 (first wins).\n";

static const char *const verdict_names[] = {
    [BBCTL_V_UNKNOWN] = "unknown",           [BBCTL_V_UNCHANGED] = "unchanged",
    [BBCTL_V_IMPROVED] = "improved",         [BBCTL_V_REGRESSED] = "regressed",
    [BBCTL_V_INCONCLUSIVE] = "inconclusive", [BBCTL_V_FAILED] = "failed",
    [BBCTL_V_INCOMPARABLE] = "incomparable",
};

enum bbctl_verdict bbctl_verdict_parse(const char *s) {
  if (s == NULL)
    return BBCTL_V_UNKNOWN;
  for (size_t i = 1; i < sizeof verdict_names / sizeof verdict_names[0]; i++) {
    if (strcasecmp(s, verdict_names[i]) == 0)
      return (enum bbctl_verdict)i;
  }
  /* Accept the spellings a daemon or an older export might use. */
  if (strcasecmp(s, "regression") == 0)
    return BBCTL_V_REGRESSED;
  if (strcasecmp(s, "improvement") == 0)
    return BBCTL_V_IMPROVED;
  if (strcasecmp(s, "no_change") == 0 || strcasecmp(s, "same") == 0)
    return BBCTL_V_UNCHANGED;
  return BBCTL_V_UNKNOWN;
}

const char *bbctl_verdict_name(enum bbctl_verdict v) {
  if ((unsigned)v >= sizeof verdict_names / sizeof verdict_names[0])
    return "unknown";
  return verdict_names[v];
}

int bbctl_exit_for_verdict(enum bbctl_verdict v, int fail_on_inconclusive) {
  switch (v) {
  case BBCTL_V_REGRESSED:
    return BBCTL_EXIT_REGRESSED;
  case BBCTL_V_FAILED:
    return BBCTL_EXIT_FAILED;
  case BBCTL_V_INCOMPARABLE:
    return BBCTL_EXIT_INCOMPARABLE;
  case BBCTL_V_INCONCLUSIVE:
    return fail_on_inconclusive ? BBCTL_EXIT_INCONCLUSIVE : BBCTL_EXIT_OK;
  default:
    return BBCTL_EXIT_OK;
  }
}

static int exit_rank(int code) {
  /* Higher rank = more severe. */
  switch (code) {
  case BBCTL_EXIT_OK:
    return 0;
  case BBCTL_EXIT_INCONCLUSIVE:
    return 1;
  case BBCTL_EXIT_REGRESSED:
    return 2;
  case BBCTL_EXIT_FAILED:
    return 3;
  case BBCTL_EXIT_INCOMPARABLE:
    return 4;
  case BBCTL_EXIT_NOTFOUND:
    return 5;
  case BBCTL_EXIT_DAEMON:
    return 6;
  case BBCTL_EXIT_USAGE:
    return 7;
  default:
    return 6;
  }
}

int bbctl_exit_worst(int a, int b) {
  int ra = exit_rank(a), rb = exit_rank(b);
  if (ra == rb)
    return (a >= 0 && a <= 7) ? a : BBCTL_EXIT_DAEMON;
  if (ra > rb)
    return (a >= 0 && a <= 7) ? a : BBCTL_EXIT_DAEMON;
  return (b >= 0 && b <= 7) ? b : BBCTL_EXIT_DAEMON;
}

int bbctl_exit_from_http(long http_status, const char *code) {
  if (code != NULL) {
    if (strcmp(code, "ENOTFOUND") == 0)
      return BBCTL_EXIT_NOTFOUND;
    if (strcmp(code, "EINCOMPARABLE") == 0)
      return BBCTL_EXIT_INCOMPARABLE;
  }
  if (http_status == 404)
    return BBCTL_EXIT_NOTFOUND;
  /* Any other 4xx: the daemon refused this request as given (bad value,
   * wrong state such as cancelling a finished run, missing token). */
  if (http_status >= 400 && http_status < 500)
    return BBCTL_EXIT_USAGE;
  return BBCTL_EXIT_DAEMON;
}
