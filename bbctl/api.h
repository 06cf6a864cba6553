/*
 * Small helpers over the daemon's /api/v1 (docs/API.md) shared by several
 * commands: resolving the run references users type, fetching a run.
 */
#ifndef BBCTL_API_H
#define BBCTL_API_H

#include "ctx.h"
#include "http.h"

/*
 * Resolves a run reference to a run id:
 *   "42" or "run:42"          -> 42
 *   "latest"                  -> the newest run in state done
 *   "baseline:NAME" or "NAME" -> the run baseline NAME points at
 * Prints the failure and returns its exit code (7 for unknown runs and
 * baselines, 2 for a malformed reference, 3 for daemon trouble).
 */
int bbctl_resolve_run(bbctl_t *c, const char *ref, long long *id);

/* GET /api/v1/runs/{id} (the run with its results) into r. Prints the
 * failure and returns its exit code; on success r->json is an object. */
int bbctl_get_run(bbctl_t *c, long long id, bbctl_resp_t *r);

/* 1 for the terminal run states (done, failed, cancelled, interrupted). */
int bbctl_run_state_terminal(const char *state);

/* The exit code a finished run's state implies on its own: done -> 0,
 * cancelled -> 4 (the benchmarks did not all run), failed (the run could
 * not run at all) and interrupted (the daemon stopped) -> 3, anything else
 * (a state this bbctl does not know) -> 3. */
int bbctl_run_state_exit(const char *state);

/* The integer at `path` of o as long long, or -1 when absent or not an
 * integer. */
long long bbctl_jint(const void *o, const char *path);

#endif
