/* bbctl history BENCHMARK: the trend with change points. */
#include "cmds.h"

#include "args.h"
#include "http.h"
#include "jsonx.h"
#include "output.h"
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { O_LIMIT = BBCTL_OPT_FIRST_LOCAL, O_METRIC, O_TABLE, O_VARIANT, O_TAG };

struct hist_opts {
  long limit;
  const char *metric, *variant;
  int table;
  char tagq[600];
};

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct hist_opts *o = user;
  char err[256];
  switch (opt) {
  case 'n':
  case O_LIMIT:
    if (bbctl_parse_long("--limit", arg, 2, 10000, &o->limit, err, sizeof err))
      return bbctl_usage_error(c, "history", "%s", err);
    return 0;
  case O_METRIC:
    if (strcmp(arg, "mean") && strcmp(arg, "median") && strcmp(arg, "slope"))
      return bbctl_usage_error(c, "history", "--metric: mean, median or slope");
    o->metric = arg;
    return 0;
  case O_TABLE:
    o->table = 1;
    return 0;
  case O_VARIANT:
    if (strcmp(arg, "a") && strcmp(arg, "b") && strcmp(arg, ""))
      return bbctl_usage_error(c, "history", "--variant: a or b");
    o->variant = arg;
    return 0;
  case O_TAG: {
    char kv[1100], *k, *v, esc[500];
    snprintf(kv, sizeof kv, "%s", arg);
    if (bbctl_parse_kv("--tag", kv, &k, &v, err, sizeof err))
      return bbctl_usage_error(c, "history", "%s", err);
    char both[1100];
    snprintf(both, sizeof both, "%s:%s", k, v);
    size_t l = strlen(o->tagq);
    if (bbctl_url_escape(both, esc, sizeof esc) == NULL ||
        snprintf(o->tagq + l, sizeof o->tagq - l, "&tag=%s", esc) >=
            (int)(sizeof o->tagq - l))
      return bbctl_usage_error(c, "history", "--tag too long");
    return 0;
  }
  default:
    return bbctl_usage_error(c, "history", "unknown option");
  }
}

/* One of ▁▂▃▄▅▆▇█ per value, scaled between min and max. */
static void sparkline(FILE *out, const double *v, size_t n) {
  static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (!isnan(v[i])) {
      lo = v[i] < lo ? v[i] : lo;
      hi = v[i] > hi ? v[i] : hi;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (isnan(v[i])) {
      fputc(' ', out);
      continue;
    }
    int k = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7.0 + 0.5) : 3;
    fputs(bars[k < 0 ? 0 : k > 7 ? 7 : k], out);
  }
}

int bbctl_cmd_history(bbctl_t *c, bbctl_conn_opts_t *co, int argc,
                      char **argv) {
  static const struct option longopts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"limit", required_argument, NULL, O_LIMIT},
      {"metric", required_argument, NULL, O_METRIC},
      {"table", no_argument, NULL, O_TABLE},
      {"variant", required_argument, NULL, O_VARIANT},
      {"tag", required_argument, NULL, O_TAG},
      {NULL, 0, NULL, 0},
  };
  struct hist_opts o;
  memset(&o, 0, sizeof o);
  o.limit = 50;
  o.metric = "mean";
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd("history"), argc, argv,
                            ":hn:", longopts, local, &o, &first);
  if (rc)
    return rc;
  if (argc - first != 1)
    return bbctl_usage_error(c, "history", "expected exactly one BENCHMARK id");
  const char *bench = argv[first];
  char err[256], esc[800], path[1800];
  if (bbctl_check_filter(bench, err, sizeof err) ||
      strpbrk(bench, "*?[") != NULL)
    return bbctl_usage_error(c, "history",
                             "BENCHMARK must be a full id such as "
                             "plugin/group/name, not a glob");
  if (bbctl_url_escape(bench, esc, sizeof esc) == NULL)
    return bbctl_usage_error(c, "history", "BENCHMARK too long");
  if ((rc = bbctl_connect(c, co)) != 0)
    return rc;
  snprintf(path, sizeof path,
           "/api/v1/history?benchmark=%s&limit=%ld&metric=%s%s%s%s", esc,
           o.limit, o.metric, o.variant ? "&variant=" : "",
           o.variant ? o.variant : "", o.tagq);
  bbctl_resp_t r;
  rc = bbctl_http(c, "GET", path, NULL, &r);
  if (rc == BBCTL_EXIT_NOTFOUND)
    rc = bbctl_fail(c, rc, "no benchmark '%s' in the history", bench);
  else if (rc)
    rc = bbctl_fail(c, rc, "history %s: %s", bench, r.msg);
  const cJSON *points = bbctl_jget(r.json, "points");
  if (rc == 0 && !cJSON_IsArray(points))
    rc = bbctl_fail(c, BBCTL_EXIT_DAEMON,
                    "history: daemon answer has no \"points\" list");
  if (rc == 0 && cJSON_GetArraySize(points) == 0)
    rc = bbctl_fail(c, BBCTL_EXIT_NOTFOUND,
                    "no results for benchmark '%s' (check the id with "
                    "`bbctl plugins -l`)",
                    bench);
  if (rc) {
    bbctl_resp_free(&r);
    return rc;
  }
  if (c->json) {
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "history", r.json);
    r.json = NULL;
    bbctl_resp_free(&r);
    return bbctl_emit_json(c, doc);
  }
  size_t n = (size_t)cJSON_GetArraySize(points);
  double *v = calloc(n, sizeof *v);
  if (v == NULL) {
    bbctl_resp_free(&r);
    return bbctl_fail(c, BBCTL_EXIT_DAEMON, "out of memory");
  }
  size_t i = 0;
  const cJSON *p;
  cJSON_ArrayForEach(p, points) v[i++] = bbctl_jnum(p, o.metric);
  const cJSON *cps = bbctl_jget(r.json, "change_points");
  char a[32], b[32];
  fprintf(c->out, "%s (%s per iteration, %zu runs, oldest first)\n", bench,
          o.metric, n);
  double lo = INFINITY, hi = -INFINITY;
  for (i = 0; i < n; i++)
    if (!isnan(v[i])) {
      lo = v[i] < lo ? v[i] : lo;
      hi = v[i] > hi ? v[i] : hi;
    }
  if (!o.table) {
    fputs("  ", c->out);
    sparkline(c->out, v, n);
    fprintf(c->out, "   %s .. %s\n", bbctl_fmt_ns(lo, a, sizeof a),
            bbctl_fmt_ns(hi, b, sizeof b));
    /* A caret under each change point. */
    if (cJSON_GetArraySize(cps) > 0) {
      char *marks = malloc(n + 1);
      if (marks) {
        memset(marks, ' ', n);
        marks[n] = '\0';
        const cJSON *cp;
        cJSON_ArrayForEach(cp, cps) {
          double idx = bbctl_jnum(cp, "index");
          if (!isnan(idx) && idx >= 0 && idx < (double)n)
            marks[(size_t)idx] = '^';
        }
        fprintf(c->out, "  %s\n", marks);
        free(marks);
      }
    }
  } else {
    bbctl_table_t t;
    /* A point's ci_low/ci_high belong to the slope: show them only for the
     * slope metric, the standard deviation otherwise. */
    int slope = strcmp(o.metric, "slope") == 0;
    static const char *const head_slope[] = {
        ">RUN", "TIME", ">VALUE", ">95% CI", "STATUS", "CHANGE POINT"};
    static const char *const head_sd[] = {">RUN",    "TIME",   ">VALUE",
                                          ">STDDEV", "STATUS", "CHANGE POINT"};
    bbctl_table_init(&t, 6, slope ? head_slope : head_sd);
    i = 0;
    cJSON_ArrayForEach(p, points) {
      long row = bbctl_table_add_row(&t);
      if (row < 0)
        break;
      char id[32], ci[64];
      bbctl_table_set(&t, (size_t)row, 0, bbctl_jid(p, "run_id", id, sizeof id),
                      BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 1, bbctl_jstr(p, "time"), BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 2, bbctl_fmt_ns(v[i], a, sizeof a),
                      BBCTL_C_NONE);
      double cl = bbctl_jnum(p, "ci_low"), ch = bbctl_jnum(p, "ci_high");
      double sd = bbctl_jnum(p, "stddev");
      if (!slope)
        bbctl_fmt_ns(sd, ci, sizeof ci);
      else if (!isnan(cl) && !isnan(ch))
        snprintf(ci, sizeof ci, "%s..%s", bbctl_fmt_ns(cl, a, sizeof a),
                 bbctl_fmt_ns(ch, b, sizeof b));
      else
        snprintf(ci, sizeof ci, "-");
      bbctl_table_set(&t, (size_t)row, 3, ci, BBCTL_C_NONE);
      bbctl_table_set(&t, (size_t)row, 4, bbctl_jstr(p, "status"),
                      BBCTL_C_NONE);
      const cJSON *cp;
      cJSON_ArrayForEach(cp, cps) {
        if (bbctl_jnum(cp, "index") == (double)i) {
          double rel = bbctl_jnum(cp, "rel");
          char pc[32];
          bbctl_table_setf(&t, (size_t)row, 5,
                           rel > 0 ? BBCTL_C_RED : BBCTL_C_GREEN, "<- %s step",
                           bbctl_fmt_pct(rel * 100.0, pc, sizeof pc));
        }
      }
      i++;
    }
    bbctl_table_print(&t, c->out, c->color);
    bbctl_table_free(&t);
  }
  if (cJSON_GetArraySize(cps) == 0) {
    fputs("no change points\n", c->out);
  } else {
    const char *method = bbctl_jstr(r.json, "method");
    fprintf(c->out, "change points%s%s%s:\n", method ? " (" : "",
            method ? method : "", method ? ")" : "");
    const cJSON *cp;
    cJSON_ArrayForEach(cp, cps) {
      char pc[32];
      double rel = bbctl_jnum(cp, "rel");
      char rf[32], rt[32];
      if (!bbctl_jid(cp, "run_from", rf, sizeof rf))
        snprintf(rf, sizeof rf, "?");
      if (!bbctl_jid(cp, "run_to", rt, sizeof rt))
        snprintf(rt, sizeof rt, "?");
      fprintf(c->out, "  between run %s and run %s: %s -> %s (%s)\n", rf, rt,
              bbctl_fmt_ns(bbctl_jnum(cp, "before"), a, sizeof a),
              bbctl_fmt_ns(bbctl_jnum(cp, "after"), b, sizeof b),
              bbctl_fmt_pct(rel * 100.0, pc, sizeof pc));
    }
  }
  free(v);
  bbctl_resp_free(&r);
  return 0;
}
