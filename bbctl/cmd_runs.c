/* bbctl runs, show and cancel. */
#include "cmds.h"

#include "api.h"
#include "args.h"
#include "http.h"
#include "jsonx.h"
#include "output.h"
#include "render.h"
#include "units.h"

#include <math.h>
#include <string.h>

enum { O_LIMIT = BBCTL_OPT_FIRST_LOCAL, O_STATE, O_TAG, O_FAIL_INC };

struct runs_opts {
  long limit;
  const char *state;
  char query[1024];
  size_t qlen;
  int fail_on_inconclusive;
};

static int append_q(struct runs_opts *o, const char *k, const char *v) {
  char esc[600];
  if (bbctl_url_escape(v, esc, sizeof esc) == NULL)
    return -1;
  int n =
      snprintf(o->query + o->qlen, sizeof o->query - o->qlen, "&%s=%s", k, esc);
  if (n < 0 || (size_t)n >= sizeof o->query - o->qlen)
    return -1;
  o->qlen += (size_t)n;
  return 0;
}

static int runs_local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct runs_opts *o = user;
  char err[256];
  switch (opt) {
  case 'n':
  case O_LIMIT:
    if (bbctl_parse_long("--limit", arg, 1, 1000, &o->limit, err, sizeof err))
      return bbctl_usage_error(c, "runs", "%s", err);
    return 0;
  case O_STATE: {
    static const char *const ok[] = {"queued", "running",   "done",
                                     "failed", "cancelled", "interrupted"};
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s", arg);
    char *save = NULL;
    for (char *s = strtok_r(tmp, ",", &save); s;
         s = strtok_r(NULL, ",", &save)) {
      int found = 0;
      for (size_t i = 0; i < 6; i++)
        found |= strcmp(s, ok[i]) == 0;
      if (!found)
        return bbctl_usage_error(c, "runs",
                                 "--state: unknown state '%s' (queued, "
                                 "running, done, failed, cancelled, "
                                 "interrupted)",
                                 s);
    }
    if (append_q(o, "state", arg))
      return bbctl_usage_error(c, "runs", "--state too long");
    return 0;
  }
  case O_TAG: {
    char kv[1100], *k, *v;
    snprintf(kv, sizeof kv, "%s", arg);
    if (bbctl_parse_kv("--tag", kv, &k, &v, err, sizeof err))
      return bbctl_usage_error(c, "runs", "%s", err);
    char both[1100];
    snprintf(both, sizeof both, "%s:%s", k, v);
    if (append_q(o, "tag", both))
      return bbctl_usage_error(c, "runs", "too many or too long --tag");
    return 0;
  }
  default:
    return bbctl_usage_error(c, "runs", "unknown option");
  }
}

static void fmt_tags(const cJSON *run, char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  const cJSON *it;
  cJSON_ArrayForEach(it, bbctl_jget(run, "tags")) {
    if (!cJSON_IsString(it) || o >= len)
      continue;
    int n = snprintf(buf + o, len - o, "%s%s=%s", o ? " " : "", it->string,
                     it->valuestring);
    if (n < 0)
      break;
    o += (size_t)n;
  }
  if (o >= len && len > 4)
    memcpy(buf + len - 4, "...", 4);
}

int bbctl_cmd_runs(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"limit", required_argument, NULL, O_LIMIT},
      {"state", required_argument, NULL, O_STATE},
      {"tag", required_argument, NULL, O_TAG},
      {NULL, 0, NULL, 0},
  };
  struct runs_opts o;
  memset(&o, 0, sizeof o);
  o.limit = 20;
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("runs"), argc, argv,
                            ":hn:", longopts, runs_local, &o, &first);
  if (rc)
    return rc;
  if (first < argc)
    return bbctl_usage_error(c, "runs", "unexpected argument '%s'",
                             argv[first]);
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  char path[1200];
  snprintf(path, sizeof path, "/api/v1/runs?limit=%ld%s", o.limit, o.query);
  bbctl_resp_t r;
  rc = bbctl_http_or_fail(c, "runs", "GET", path, NULL, &r);
  if (rc == 0 && !cJSON_IsArray(bbctl_jget(r.json, "runs")))
    rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                    "runs: daemon answer has no \"runs\" list");
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "runs",
                          cJSON_DetachItemFromObject(r.json, "runs"));
    double total = bbctl_jnum(r.json, "total");
    if (!isnan(total))
      cJSON_AddNumberToObject(doc, "total", total);
    bbctl_resp_free(&r);
    return bbctl_emit_json(c, doc);
  }
  bbctl_table_t t;
  static const char *const head[] = {">ID",       "STATE",  "CREATED",
                                     ">DURATION", ">BENCH", ">FAILED",
                                     ">REGR",     "TAGS"};
  bbctl_table_init(&t, 8, head);
  const cJSON *run;
  cJSON_ArrayForEach(run, bbctl_jget(r.json, "runs")) {
    long row = bbctl_table_add_row(&t);
    if (row < 0)
      break;
    size_t i = (size_t)row;
    char id[32] = "?", d[32], tags[200];
    bbctl_jid(run, "id", id, sizeof id);
    const char *st = bbctl_jstr(run, "state");
    enum bbctl_color col = BBCTL_C_NONE;
    if (st && (strcmp(st, "failed") == 0 || strcmp(st, "interrupted") == 0))
      col = BBCTL_C_RED;
    else if (st && strcmp(st, "running") == 0)
      col = BBCTL_C_YELLOW;
    bbctl_table_set(&t, i, 0, id, BBCTL_C_NONE);
    bbctl_table_set(&t, i, 1, st, col);
    bbctl_table_set(&t, i, 2, bbctl_jstr(run, "created_at"), BBCTL_C_NONE);
    bbctl_table_set(
        &t, i, 3,
        bbctl_fmt_ns(bbctl_jnum(run, "duration_s") * 1e9, d, sizeof d),
        BBCTL_C_NONE);
    bbctl_table_set(&t, i, 4, bbctl_jid(run, "benchmark_count", d, sizeof d),
                    BBCTL_C_NONE);
    double f = bbctl_jnum(run, "failed_count");
    bbctl_table_set(&t, i, 5, bbctl_jid(run, "failed_count", d, sizeof d),
                    f > 0 ? BBCTL_C_RED : BBCTL_C_NONE);
    double g = bbctl_jnum(run, "regression_count");
    bbctl_table_set(&t, i, 6, bbctl_jid(run, "regression_count", d, sizeof d),
                    g > 0 ? BBCTL_C_RED : BBCTL_C_NONE);
    fmt_tags(run, tags, sizeof tags);
    bbctl_table_set(&t, i, 7, tags, BBCTL_C_NONE);
  }
  if (t.nrows == 0)
    fputs("no runs\n", c->out);
  else
    bbctl_table_print(&t, c->out, c->color);
  bbctl_table_free(&t);
  double total = bbctl_jnum(r.json, "total");
  if (!isnan(total) && total > (double)t.nrows && t.nrows)
    fprintf(c->out, "(%zu of %.0f runs; --limit N for more)\n",
            (size_t)cJSON_GetArraySize(bbctl_jget(r.json, "runs")), total);
  bbctl_resp_free(&r);
  return 0;
}

static int show_local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct runs_opts *o = user;
  if (opt == O_FAIL_INC) {
    o->fail_on_inconclusive = 1;
    return 0;
  }
  return bbctl_usage_error(c, "show", "unknown option");
}

int bbctl_cmd_show(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"fail-on-inconclusive", no_argument, NULL, O_FAIL_INC},
      {NULL, 0, NULL, 0},
  };
  struct runs_opts o;
  memset(&o, 0, sizeof o);
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("show"), argc, argv, ":h",
                            longopts, show_local, &o, &first);
  if (rc)
    return rc;
  if (argc - first != 1)
    return bbctl_usage_error(c, "show", "expected exactly one RUN");
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  long long id;
  if ((rc = bbctl_resolve_run(c, argv[first], &id)) != 0)
    return rc;
  bbctl_resp_t r;
  if ((rc = bbctl_get_run(c, id, &r)) != 0) {
    bbctl_resp_free(&r);
    return rc;
  }
  bbctl_verdict_opts_t vo = {.fail_on_inconclusive = o.fail_on_inconclusive};
  bbctl_tally_t t;
  if (c->json) {
    rc = bbctl_results_exit(r.json, &vo, &t);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "run", r.json);
    r.json = NULL;
    cJSON_AddNumberToObject(doc, "exit_code", rc);
    int erc = bbctl_emit_json(c, doc);
    bbctl_resp_free(&r);
    return erc ? erc : rc;
  }
  bbctl_render_run_header(c, r.json);
  const char *state = bbctl_jstr(r.json, "state");
  if (state && !bbctl_run_state_terminal(state)) {
    const cJSON *p = bbctl_jget(r.json, "progress");
    const char *b = bbctl_jstr(p, "benchmark");
    if (b)
      fprintf(c->out, "now: %s (%.0f/%.0f)\n", b, bbctl_jnum(p, "index") + 1,
              bbctl_jnum(p, "total"));
  }
  rc = bbctl_render_results(c, r.json, &vo, &t);
  bbctl_resp_free(&r);
  return rc;
}

int bbctl_cmd_cancel(bbctl_t *c, bbctl_conn_opts_t *co, int argc, char **argv) {
  static const struct option longopts[] = {BBCTL_COMMON_LONGOPTS,
                                           {NULL, 0, NULL, 0}};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("cancel"), argc, argv, ":h",
                            longopts, NULL, NULL, &first);
  if (rc)
    return rc;
  if (argc - first != 1)
    return bbctl_usage_error(c, "cancel", "expected exactly one RUN id");
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  long long id;
  if ((rc = bbctl_resolve_run(c, argv[first], &id)) != 0)
    return rc;
  char path[96];
  snprintf(path, sizeof path, "/api/v1/runs/%lld/cancel", id);
  bbctl_resp_t r;
  rc = bbctl_http(c, "POST", path, NULL, &r);
  if (rc == BBCTL_EXIT_NOTFOUND)
    rc = bbctl_fail(c, rc, "run %lld not found", id);
  else if (rc)
    rc = bbctl_fail(c, rc, "cancel run %lld: %s", id, r.msg);
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "run", r.json);
    r.json = NULL;
    bbctl_resp_free(&r);
    return bbctl_emit_json(c, doc);
  }
  const char *st = bbctl_jstr(r.json, "state");
  fprintf(c->out, "run %lld %s\n", id, st ? st : "cancelled");
  bbctl_resp_free(&r);
  return 0;
}
