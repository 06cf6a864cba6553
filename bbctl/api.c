#include "api.h"

#include "args.h"
#include "exitcode.h"
#include "jsonx.h"
#include "output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

long long bbctl_jint(const void *o, const char *path) {
  double v = bbctl_jnum(o, path);
  if (isnan(v) || v < 0 || v > 9e15 || v != floor(v))
    return -1;
  return (long long)v;
}

int bbctl_run_state_terminal(const char *s) {
  return s && (strcmp(s, "done") == 0 || strcmp(s, "failed") == 0 ||
               strcmp(s, "cancelled") == 0 || strcmp(s, "interrupted") == 0);
}

int bbctl_run_state_exit(const char *s) {
  if (s && strcmp(s, "done") == 0)
    return BBCTL_EXIT_OK;
  if (s && strcmp(s, "cancelled") == 0)
    return BBCTL_EXIT_FAILED;
  return BBCTL_EXIT_DAEMON;
}

static int all_digits(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

int bbctl_resolve_run(bbctl_t *c, const char *ref, long long *id) {
  char err[256];
  if (bbctl_check_ref("run reference", ref, err, sizeof err) != 0)
    return bbctl_fail(c, BBCTL_EXIT_USAGE, "%s", err);
  const char *p = ref;
  if (strncmp(p, "run:", 4) == 0)
    p += 4;
  if (all_digits(p)) {
    if (strlen(p) > 15)
      return bbctl_fail(c, BBCTL_EXIT_USAGE, "run id '%s' is too large", p);
    *id = strtoll(p, NULL, 10);
    return 0;
  }
  bbctl_resp_t r;
  int rc;
  if (strcmp(ref, "latest") == 0) {
    rc = bbctl_http_or_fail(c, "latest run", "GET",
                            "/api/v1/runs?limit=1&state=done", NULL, &r);
    if (rc == 0) {
      long long v = bbctl_jint(r.json, "runs.0.id");
      if (v < 0 && cJSON_IsArray(bbctl_jget(r.json, "runs")))
        rc = bbctl_fail(c, BBCTL_EXIT_NOTFOUND,
                        "latest: the daemon has no finished run yet");
      else if (v < 0)
        rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                        "latest: daemon answered without a runs list");
      else
        *id = v;
    }
    bbctl_resp_free(&r);
    return rc;
  }
  const char *name = ref;
  if (strncmp(name, "baseline:", 9) == 0)
    name += 9;
  char esc[400], path[512];
  if (bbctl_url_escape(name, esc, sizeof esc) == NULL)
    return bbctl_fail(c, BBCTL_EXIT_USAGE, "baseline name too long");
  snprintf(path, sizeof path, "/api/v1/baselines/%s", esc);
  rc = bbctl_http(c, "GET", path, NULL, &r);
  if (rc == BBCTL_EXIT_NOTFOUND) {
    rc = bbctl_fail(c, rc,
                    "'%s' is neither a run id, `latest`, nor a known "
                    "baseline (see `bbctl baseline list`)",
                    ref);
  } else if (rc != 0) {
    rc = bbctl_fail(c, rc, "baseline %s: %s", name, r.msg);
  } else {
    long long v = bbctl_jint(r.json, "run_id");
    if (v < 0)
      rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                      "baseline %s: daemon answer has no run_id", name);
    else
      *id = v;
  }
  bbctl_resp_free(&r);
  return rc;
}

int bbctl_get_run(bbctl_t *c, long long id, bbctl_resp_t *r) {
  char path[64];
  snprintf(path, sizeof path, "/api/v1/runs/%lld", id);
  int rc = bbctl_http(c, "GET", path, NULL, r);
  if (rc == BBCTL_EXIT_NOTFOUND)
    return bbctl_fail(c, rc, "run %lld not found", id);
  if (rc != 0)
    return bbctl_fail(c, rc, "run %lld: %s", id, r->msg);
  if (!cJSON_IsObject(r->json))
    return bbctl_fail(c, BBCTL_EXIT_DAEMON,
                      "run %lld: daemon answered without a JSON object", id);
  return 0;
}
