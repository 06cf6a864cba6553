/*
 * `bbctl compare --from-dir A B`: compares two exported runs without a
 * daemon. A and B are files written by `bbctl export RUN --format json`, or
 * directories holding such files (*.json, merged; e.g. one per CI job).
 * The verdicts come from the same statistics module the daemon uses
 * (bbd/stats: mixed-bootstrap Welch test, Holm across the suite, the same
 * per-benchmark seeds), so an offline verdict equals the daemon's for the
 * same samples and settings.
 *
 * The result is a cJSON object shaped like the daemon's GET /api/v1/compare
 * answer, so the same renderer and exit-code rules apply.
 */
#ifndef BBCTL_OFFLINE_H
#define BBCTL_OFFLINE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Bound on one export file; larger files are refused. */
#define BBCTL_EXPORT_MAX_FILE (256u << 20)

typedef struct bbctl_offline_opts {
  double threshold;   /* relative, e.g. 0.05; <= 0 = stats default */
  int force;          /* compare even if the environments differ */
  const char *filter; /* benchmark glob or NULL */
} bbctl_offline_opts_t;

/*
 * Loads the exports at path (file or directory) into one merged run object:
 * {"run": {... "results":[...]}, "environment": {...}, "files": [...]}.
 * Returns 0, BBD_ENOTFOUND (no such path / no export in the directory),
 * BBD_EPARSE (not a bbctl export), BBD_ETOOBIG, or BBD_EIO, with detail.
 */
int bbctl_offline_load(const char *path, cJSON **out, char *err, size_t errlen);

/* Compares two loaded exports. Returns 0 and *out, or a BBD_E* code. */
int bbctl_offline_compare(const cJSON *a, const cJSON *b,
                          const bbctl_offline_opts_t *o, cJSON **out, char *err,
                          size_t errlen);

#endif
