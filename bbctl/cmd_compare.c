/* bbctl compare BASE HEAD, and compare --from-dir A B (offline). */
#include "cmds.h"

#include "api.h"
#include "args.h"
#include "err.h"
#include "http.h"
#include "jsonx.h"
#include "offline.h"
#include "output.h"
#include "render.h"

#include <string.h>

enum {
  O_THRESHOLD = BBCTL_OPT_FIRST_LOCAL,
  O_FORCE,
  O_FAIL_INC,
  O_FROM_DIR,
  O_FILTER,
  O_CENTER,
  O_MULT,
  O_NO_DELTAS,
  O_METRIC,
};

struct cmp_opts {
  double threshold_pct;
  int force, fail_on_inconclusive, from_dir, no_deltas;
  const char *filter, *center, *mult, *metric;
};

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct cmp_opts *o = user;
  char err[256];
  switch (opt) {
  case O_THRESHOLD:
    if (bbctl_parse_percent("--threshold", arg, &o->threshold_pct, err,
                            sizeof err))
      return bbctl_usage_error(c, "compare", "%s", err);
    return 0;
  case O_FORCE:
    o->force = 1;
    return 0;
  case O_FAIL_INC:
    o->fail_on_inconclusive = 1;
    return 0;
  case O_FROM_DIR:
    o->from_dir = 1;
    return 0;
  case O_NO_DELTAS:
    o->no_deltas = 1;
    return 0;
  case O_FILTER:
    if (bbctl_check_filter(arg, err, sizeof err))
      return bbctl_usage_error(c, "compare", "%s", err);
    o->filter = arg;
    return 0;
  case O_CENTER:
    if (strcmp(arg, "mean") && strcmp(arg, "median"))
      return bbctl_usage_error(c, "compare", "--center: mean or median");
    o->center = arg;
    return 0;
  case O_METRIC:
    if (strcmp(arg, "wall") && strcmp(arg, "cpu"))
      return bbctl_usage_error(c, "compare", "--metric: wall or cpu");
    o->metric = arg;
    return 0;
  case O_MULT:
    if (strcmp(arg, "holm") && strcmp(arg, "bh") && strcmp(arg, "none"))
      return bbctl_usage_error(c, "compare",
                               "--multiplicity: holm, bh or none");
    o->mult = arg;
    return 0;
  default:
    return bbctl_usage_error(c, "compare", "unknown option");
  }
}

/* The API's a=/b= value for a user reference. */
static int api_ref(bbctl_t *c, const char *ref, char *out, size_t len) {
  char err[256];
  if (bbctl_check_ref("compare", ref, err, sizeof err))
    return bbctl_usage_error(c, "compare", "%s", err);
  const char *p = ref;
  if (strncmp(p, "run:", 4) == 0)
    p += 4;
  int digits = *p != '\0';
  for (const char *q = p; *q; q++)
    digits &= *q >= '0' && *q <= '9';
  if (digits || strcmp(ref, "latest") == 0) {
    long long id;
    int rc = bbctl_resolve_run(c, ref, &id);
    if (rc)
      return rc;
    snprintf(out, len, "run:%lld", id);
    return 0;
  }
  if (strncmp(ref, "baseline:", 9) == 0)
    ref += 9;
  char esc[400];
  if (bbctl_url_escape(ref, esc, sizeof esc) == NULL)
    return bbctl_usage_error(c, "compare", "reference too long");
  snprintf(out, len, "baseline:%s", esc);
  return 0;
}

static int finish(bbctl_t *c, cJSON *cmp, const cJSON *ra, const cJSON *rb,
                  const struct cmp_opts *o) {
  bbctl_verdict_opts_t vo = {.fail_on_inconclusive = o->fail_on_inconclusive};
  bbctl_tally_t t;
  int rc;
  const cJSON *comparable = bbctl_jget(cmp, "comparable");
  int incomparable = cJSON_IsFalse(comparable) && !o->force;
  if (c->json) {
    rc = bbctl_compare_exit(cmp, &vo, &t);
    if (incomparable)
      rc = bbctl_exit_worst(rc, BBCTL_EXIT_INCOMPARABLE);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "comparison", cmp);
    cJSON_AddNumberToObject(doc, "exit_code", rc);
    int erc = bbctl_emit_json(c, doc);
    return erc ? erc : rc;
  }
  rc = bbctl_render_compare(c, cmp, ra, rb, &vo, &t);
  if (incomparable)
    rc = bbctl_exit_worst(rc, BBCTL_EXIT_INCOMPARABLE);
  cJSON_Delete(cmp);
  return rc;
}

static int offline(bbctl_t *c, const char *pa, const char *pb,
                   const struct cmp_opts *o) {
  char err[512];
  cJSON *a = NULL, *b = NULL, *cmp = NULL;
  int e = bbctl_offline_load(pa, &a, err, sizeof err);
  if (e == 0)
    e = bbctl_offline_load(pb, &b, err, sizeof err);
  if (e) {
    cJSON_Delete(a);
    return bbctl_fail(
        c, e == BBD_ENOTFOUND ? BBCTL_EXIT_NOTFOUND : BBCTL_EXIT_USAGE,
        "compare --from-dir: %s", err);
  }
  bbctl_offline_opts_t oo = {
      .threshold = o->threshold_pct > 0 ? o->threshold_pct / 100.0 : 0,
      .force = o->force,
      .filter = o->filter};
  e = bbctl_offline_compare(a, b, &oo, &cmp, err, sizeof err);
  if (e) {
    cJSON_Delete(a);
    cJSON_Delete(b);
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "compare --from-dir: %s", err);
  }
  int rc = finish(c, cmp, o->no_deltas ? NULL : bbctl_jget(a, "run"),
                  o->no_deltas ? NULL : bbctl_jget(b, "run"), o);
  cJSON_Delete(a);
  cJSON_Delete(b);
  return rc;
}

int bbctl_cmd_compare(bbctl_t *c, bbctl_conn_opts_t *co, int argc,
                      char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"threshold", required_argument, NULL, O_THRESHOLD},
      {"force", no_argument, NULL, O_FORCE},
      {"fail-on-inconclusive", no_argument, NULL, O_FAIL_INC},
      {"from-dir", no_argument, NULL, O_FROM_DIR},
      {"filter", required_argument, NULL, O_FILTER},
      {"center", required_argument, NULL, O_CENTER},
      {"multiplicity", required_argument, NULL, O_MULT},
      {"no-deltas", no_argument, NULL, O_NO_DELTAS},
      {"metric", required_argument, NULL, O_METRIC},
      {NULL, 0, NULL, 0},
  };
  struct cmp_opts o;
  memset(&o, 0, sizeof o);
  o.threshold_pct = -1;
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("compare"), argc, argv, ":h",
                            longopts, local, &o, &first);
  if (rc)
    return rc;
  if (argc - first != 2)
    return bbctl_usage_error(c, "compare", "expected BASE and HEAD");
  /* Exported files carry summaries, not the per-sample task-clock series
   * a CPU-time comparison needs. */
  if (o.from_dir && o.metric && strcmp(o.metric, "cpu") == 0)
    return bbctl_usage_error(c, "compare",
                             "--metric cpu needs the daemon (not --from-dir)");
  if (o.from_dir)
    return offline(c, argv[first], argv[first + 1], &o);
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  char ra[300], rb[300];
  if ((rc = api_ref(c, argv[first], ra, sizeof ra)) != 0)
    return rc;
  if ((rc = api_ref(c, argv[first + 1], rb, sizeof rb)) != 0)
    return rc;
  char path[2400];
  int n = snprintf(path, sizeof path, "/api/v1/compare?a=%s&b=%s%s", ra, rb,
                   o.force ? "&force=1" : "");
  if (o.threshold_pct > 0)
    n += snprintf(path + n, sizeof path - (size_t)n, "&threshold=%g",
                  o.threshold_pct / 100.0);
  if (o.center)
    n += snprintf(path + n, sizeof path - (size_t)n, "&center=%s", o.center);
  if (o.metric)
    n += snprintf(path + n, sizeof path - (size_t)n, "&metric=%s", o.metric);
  if (o.mult)
    n +=
        snprintf(path + n, sizeof path - (size_t)n, "&multiplicity=%s", o.mult);
  if (o.filter) {
    char esc[800];
    if (bbctl_url_escape(o.filter, esc, sizeof esc))
      n += snprintf(path + n, sizeof path - (size_t)n, "&benchmark=%s", esc);
  }
  bbctl_resp_t r;
  rc = bbctl_http(c, "GET", path, NULL, &r);
  if (rc) {
    rc = bbctl_fail(c, rc, "compare %s %s: %s", argv[first], argv[first + 1],
                    r.msg);
    bbctl_resp_free(&r);
    return rc;
  }
  if (!cJSON_IsArray(bbctl_jget(r.json, "benchmarks"))) {
    bbctl_resp_free(&r);
    return bbctl_fail(c, BBCTL_EXIT_DAEMON,
                      "compare: daemon answer has no \"benchmarks\" list");
  }
  /* The two runs with their results give the counter/allocation deltas. */
  bbctl_resp_t xa = {0}, xb = {0};
  const cJSON *runa = NULL, *runb = NULL;
  if (!c->json && !o.no_deltas) {
    long long ia = bbctl_jint(r.json, "a.run"),
              ib = bbctl_jint(r.json, "b.run");
    char p[64];
    snprintf(p, sizeof p, "/api/v1/runs/%lld", ia);
    if (ia >= 0 && bbctl_http(c, "GET", p, NULL, &xa) == 0)
      runa = xa.json;
    snprintf(p, sizeof p, "/api/v1/runs/%lld", ib);
    if (ib >= 0 && bbctl_http(c, "GET", p, NULL, &xb) == 0)
      runb = xb.json;
  }
  cJSON *cmp = r.json;
  r.json = NULL;
  rc = finish(c, cmp, runa, runb, &o);
  bbctl_resp_free(&r);
  bbctl_resp_free(&xa);
  bbctl_resp_free(&xb);
  return rc;
}
