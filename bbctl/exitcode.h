/*
 * The exit-code contract of bbctl, identical for every command.
 *
 * CI pipelines branch on these numbers, so they never change meaning. When
 * several conditions hold at once (a run with a failed benchmark AND a
 * regression), the one with the highest priority wins; the order is in
 * bbctl_exit_worst() and documented in docs/CLI.md and `bbctl --help`.
 */
#ifndef BBCTL_EXITCODE_H
#define BBCTL_EXITCODE_H

enum bbctl_exit {
  BBCTL_EXIT_OK = 0,           /* success, no regression */
  BBCTL_EXIT_REGRESSED = 1,    /* at least one verdict is "regressed" */
  BBCTL_EXIT_USAGE = 2,        /* unknown command/option, bad value */
  BBCTL_EXIT_DAEMON = 3,       /* daemon unreachable, server error, garbage */
  BBCTL_EXIT_FAILED = 4,       /* a benchmark failed (crash/timeout/setup) */
  BBCTL_EXIT_INCONCLUSIVE = 5, /* inconclusive, with --fail-on-inconclusive */
  BBCTL_EXIT_INCOMPARABLE = 6, /* environments differ, without --force */
  BBCTL_EXIT_NOTFOUND = 7,     /* unknown run, baseline or benchmark */
};

/* Verdict of one compared benchmark, as the daemon names it. */
enum bbctl_verdict {
  BBCTL_V_UNKNOWN = 0,
  BBCTL_V_UNCHANGED,
  BBCTL_V_IMPROVED,
  BBCTL_V_REGRESSED,
  BBCTL_V_INCONCLUSIVE,
  BBCTL_V_FAILED,       /* the benchmark has no result on one side */
  BBCTL_V_INCOMPARABLE, /* environment fingerprints differ, not forced */
};

/* "regressed" -> BBCTL_V_REGRESSED, ...; unknown strings -> BBCTL_V_UNKNOWN.
 * Case-insensitive; NULL is unknown. */
enum bbctl_verdict bbctl_verdict_parse(const char *s);

/* The canonical lower-case name of a verdict ("unknown" for UNKNOWN). */
const char *bbctl_verdict_name(enum bbctl_verdict v);

/* Folds one verdict into an exit code accumulator: regressed -> 1, failed ->
 * 4, incomparable -> 6, inconclusive -> 5 only when fail_on_inconclusive,
 * else 0. */
int bbctl_exit_for_verdict(enum bbctl_verdict v, int fail_on_inconclusive);

/* The more severe of two exit codes, by the documented priority
 * 2 > 3 > 7 > 6 > 4 > 1 > 5 > 0. Unknown codes count as 3. */
int bbctl_exit_worst(int a, int b);

/*
 * Maps a failed HTTP exchange to an exit code. `http_status` is 0 when no
 * response arrived (connection refused, timeout). `code` is the daemon's
 * error code name ("ENOTFOUND", "EINCOMPARABLE", ...) or NULL.
 *   no response, 5xx, 1xx-3xx, unparsable body -> 3
 *   404 or ENOTFOUND (any status)              -> 7
 *   EINCOMPARABLE (any status)                 -> 6
 *   any other 4xx (EINVAL, ESTATE, EAUTH, ...) -> 2: the request as given
 *   was refused (bad value, wrong state, missing or wrong token)
 */
int bbctl_exit_from_http(long http_status, const char *code);

/* One line per exit code, for `bbctl --help` and docs/CLI.md. */
extern const char bbctl_exit_help[];

#endif
