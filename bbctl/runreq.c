#include "runreq.h"

#include "args.h"
#include "cli.h"
#include "output.h"

#include <string.h>

enum {
  O_QUICK = BBCTL_OPT_FIRST_LOCAL,
  O_SAMPLES,
  O_WARMUP,
  O_MEASURE,
  O_TAG,
  O_BASELINE,
  O_SAVE_BASELINE,
  O_THRESHOLD,
  O_DETACH,
  O_FORCE,
  O_FAIL_INCONCLUSIVE,
  O_NOTE,
  O_ORDER,
  O_MIN_ROUNDS,
  O_MAX_ROUNDS,
  O_BUDGET,
  O_MIN_TIME,
  O_TARGET_WIDTH,
  O_METRIC,
};

struct pctx {
  bbctl_run_opts_t *o;
  const char *cmd;
};

static int local(bbctl_t *c, int opt, const char *arg, void *user) {
  struct pctx *p = user;
  bbctl_run_opts_t *o = p->o;
  char err[256];
  int e = 0;
  char *k, *v;
  switch (opt) {
  case O_QUICK:
    o->quick = 1;
    break;
  case O_SAMPLES:
    e = bbctl_parse_long("--samples", arg, 2, 10000, &o->samples, err,
                         sizeof err);
    break;
  case O_WARMUP:
    e = bbctl_parse_seconds("--warmup", arg, 0.001, 600, &o->warmup_s, err,
                            sizeof err);
    break;
  case O_MEASURE:
    e = bbctl_parse_seconds("--measure", arg, 0.001, 3600, &o->measure_s, err,
                            sizeof err);
    break;
  case 'p':
  case O_TAG: {
    int is_tag = opt == O_TAG;
    size_t *n = is_tag ? &o->n_tags : &o->n_params;
    if (*n >= BBCTL_MAX_KV)
      return bbctl_usage_error(c, p->cmd, "at most %d %s", BBCTL_MAX_KV,
                               is_tag ? "tags" : "parameters");
    /* getopt's optarg points into argv, which we may split in place. */
    e = bbctl_parse_kv(is_tag ? "--tag" : "-p", (char *)arg, &k, &v, err,
                       sizeof err);
    if (e == 0) {
      char **ks = is_tag ? o->tag_k : o->param_k;
      char **vs = is_tag ? o->tag_v : o->param_v;
      for (size_t i = 0; i < *n; i++)
        if (strcmp(ks[i], k) == 0)
          return bbctl_usage_error(c, p->cmd, "%s '%s' given twice",
                                   is_tag ? "tag" : "parameter", k);
      ks[*n] = k;
      vs[*n] = v;
      (*n)++;
    }
    break;
  }
  case O_BASELINE:
    e = bbctl_check_ref("--baseline", arg, err, sizeof err);
    o->baseline = arg;
    break;
  case O_METRIC:
    if (strcmp(arg, "wall") && strcmp(arg, "cpu"))
      return bbctl_usage_error(c, p->cmd, "--metric: wall or cpu");
    o->metric = arg;
    break;
  case O_SAVE_BASELINE:
    e = bbctl_check_baseline_name("--save-baseline", arg, err, sizeof err);
    o->save_baseline = arg;
    break;
  case O_THRESHOLD:
    e = bbctl_parse_percent("--threshold", arg, &o->threshold_pct, err,
                            sizeof err);
    break;
  case O_DETACH:
    o->detach = 1;
    break;
  case O_FORCE:
    o->force = 1;
    break;
  case O_FAIL_INCONCLUSIVE:
    o->fail_on_inconclusive = 1;
    break;
  case O_NOTE:
    if (strlen(arg) > 1000)
      return bbctl_usage_error(c, p->cmd, "--note longer than 1000 bytes");
    o->note = arg;
    break;
  case O_ORDER:
    if (strcmp(arg, "abba") && strcmp(arg, "random") && strcmp(arg, "balanced"))
      return bbctl_usage_error(c, p->cmd,
                               "--order: expected abba, random or balanced");
    o->order = arg;
    break;
  case O_MIN_ROUNDS:
    e = bbctl_parse_long("--min-rounds", arg, 2, 100000, &o->min_rounds, err,
                         sizeof err);
    break;
  case O_MAX_ROUNDS:
    e = bbctl_parse_long("--max-rounds", arg, 2, 100000, &o->max_rounds, err,
                         sizeof err);
    break;
  case O_BUDGET:
    e = bbctl_parse_seconds("--budget", arg, 0.1, 86400, &o->budget_s, err,
                            sizeof err);
    break;
  case O_MIN_TIME:
    e = bbctl_parse_seconds("--min-time", arg, 0.1, 86400, &o->min_s, err,
                            sizeof err);
    break;
  case O_TARGET_WIDTH:
    e = bbctl_parse_percent("--target-width", arg, &o->target_width_pct, err,
                            sizeof err);
    break;
  default:
    return bbctl_usage_error(c, p->cmd, "unknown option");
  }
  if (e != 0)
    return bbctl_usage_error(c, p->cmd, "%s", err);
  return 0;
}

int bbctl_run_parse(bbctl_t *c, bbctl_conn_opts_t *co, int ab, int argc,
                    char **argv, bbctl_run_opts_t *o) {
  static const struct option run_opts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"quick", no_argument, NULL, O_QUICK},
      {"samples", required_argument, NULL, O_SAMPLES},
      {"warmup", required_argument, NULL, O_WARMUP},
      {"measure", required_argument, NULL, O_MEASURE},
      {"param", required_argument, NULL, 'p'},
      {"tag", required_argument, NULL, O_TAG},
      {"baseline", required_argument, NULL, O_BASELINE},
      {"metric", required_argument, NULL, O_METRIC},
      {"save-baseline", required_argument, NULL, O_SAVE_BASELINE},
      {"threshold", required_argument, NULL, O_THRESHOLD},
      {"detach", no_argument, NULL, O_DETACH},
      {"force", no_argument, NULL, O_FORCE},
      {"fail-on-inconclusive", no_argument, NULL, O_FAIL_INCONCLUSIVE},
      {"note", required_argument, NULL, O_NOTE},
      {NULL, 0, NULL, 0},
  };
  static const struct option ab_opts[] = {
      BBCTL_COMMON_LONGOPTS,
      {"quick", no_argument, NULL, O_QUICK},
      {"samples", required_argument, NULL, O_SAMPLES},
      {"warmup", required_argument, NULL, O_WARMUP},
      {"measure", required_argument, NULL, O_MEASURE},
      {"param", required_argument, NULL, 'p'},
      {"tag", required_argument, NULL, O_TAG},
      {"threshold", required_argument, NULL, O_THRESHOLD},
      {"detach", no_argument, NULL, O_DETACH},
      {"fail-on-inconclusive", no_argument, NULL, O_FAIL_INCONCLUSIVE},
      {"note", required_argument, NULL, O_NOTE},
      {"order", required_argument, NULL, O_ORDER},
      {"min-rounds", required_argument, NULL, O_MIN_ROUNDS},
      {"max-rounds", required_argument, NULL, O_MAX_ROUNDS},
      {"budget", required_argument, NULL, O_BUDGET},
      {"min-time", required_argument, NULL, O_MIN_TIME},
      {"target-width", required_argument, NULL, O_TARGET_WIDTH},
      {NULL, 0, NULL, 0},
  };
  memset(o, 0, sizeof *o);
  o->ab = ab;
  o->warmup_s = o->measure_s = o->threshold_pct = -1;
  o->budget_s = o->target_width_pct = o->min_s = -1;
  const char *name = ab ? "ab" : "run";
  struct pctx p = {o, name};
  int first;
  int rc = bbctl_parse_opts(c, co, bbctl_find_cmd(name), argc, argv,
                            ":hp:", ab ? ab_opts : run_opts, local, &p, &first);
  if (rc)
    return rc;
  if (ab) {
    if (argc - first < 2)
      return bbctl_usage_error(c, name,
                               "expected BASE_PLUGIN_DIR HEAD_PLUGIN_DIR");
    o->a_dir = argv[first];
    o->b_dir = argv[first + 1];
    first += 2;
  }
  o->filters = argv + first;
  o->n_filters = (size_t)(argc - first);
  if (o->n_filters > 256)
    return bbctl_usage_error(c, name, "at most 256 filters");
  char err[256];
  for (size_t i = 0; i < o->n_filters; i++)
    if (bbctl_check_filter(o->filters[i], err, sizeof err) != 0)
      return bbctl_usage_error(c, name, "%s", err);
  if (o->metric && !o->baseline)
    return bbctl_usage_error(c, name, "--metric needs --baseline");
  if (o->detach && o->fail_on_inconclusive)
    return bbctl_usage_error(c, name,
                             "--fail-on-inconclusive needs to wait for the "
                             "verdicts; drop --detach");
  if (o->min_rounds && o->max_rounds && o->min_rounds > o->max_rounds)
    return bbctl_usage_error(c, name, "--min-rounds is above --max-rounds");
  return 0;
}

cJSON *bbctl_run_request(const bbctl_run_opts_t *o, const char *a_abs,
                         const char *b_abs) {
  cJSON *req = cJSON_CreateObject();
  if (req == NULL)
    return NULL;
  int ok = 1;
  if (o->n_filters) {
    cJSON *f = cJSON_AddArrayToObject(req, "filters");
    for (size_t i = 0; f && i < o->n_filters; i++)
      ok &= cJSON_AddItemToArray(f, cJSON_CreateString(o->filters[i]));
    ok &= f != NULL;
  }
  if (o->n_params) {
    cJSON *p = cJSON_AddObjectToObject(req, "params");
    for (size_t i = 0; p && i < o->n_params; i++)
      ok &= cJSON_AddStringToObject(p, o->param_k[i], o->param_v[i]) != NULL;
    ok &= p != NULL;
  }
  cJSON *s = cJSON_CreateObject();
  if (o->quick)
    cJSON_AddTrueToObject(s, "quick");
  if (o->samples)
    cJSON_AddNumberToObject(s, "samples", (double)o->samples);
  if (o->warmup_s >= 0)
    cJSON_AddNumberToObject(s, "warmup_s", o->warmup_s);
  if (o->measure_s >= 0)
    cJSON_AddNumberToObject(s, "measure_s", o->measure_s);
  if (s && s->child)
    cJSON_AddItemToObject(req, "settings", s);
  else
    cJSON_Delete(s);
  if (!o->ab && o->threshold_pct >= 0) {
    cJSON *st = cJSON_AddObjectToObject(req, "stats");
    ok &= st && cJSON_AddNumberToObject(st, "threshold",
                                        o->threshold_pct / 100.0) != NULL;
  }
  if (o->n_tags) {
    cJSON *t = cJSON_AddObjectToObject(req, "tags");
    for (size_t i = 0; t && i < o->n_tags; i++)
      ok &= cJSON_AddStringToObject(t, o->tag_k[i], o->tag_v[i]) != NULL;
    ok &= t != NULL;
  }
  if (o->baseline) {
    const char *name = o->baseline;
    if (strncmp(name, "baseline:", 9) == 0)
      name += 9;
    cJSON *ct = cJSON_AddObjectToObject(req, "compare_to");
    ok &= ct && cJSON_AddStringToObject(ct, "baseline", name) != NULL;
    if (ct && o->metric)
      ok &= cJSON_AddStringToObject(ct, "metric", o->metric) != NULL;
  }
  if (o->force)
    cJSON_AddTrueToObject(req, "force");
  if (o->save_baseline)
    ok &=
        cJSON_AddStringToObject(req, "save_baseline", o->save_baseline) != NULL;
  if (o->note)
    ok &= cJSON_AddStringToObject(req, "note", o->note) != NULL;
  if (o->ab) {
    cJSON *ab = cJSON_AddObjectToObject(req, "ab");
    ok &= ab != NULL;
    if (ab) {
      cJSON_AddStringToObject(ab, "a_dir", a_abs ? a_abs : o->a_dir);
      cJSON_AddStringToObject(ab, "b_dir", b_abs ? b_abs : o->b_dir);
      if (o->order)
        cJSON_AddStringToObject(ab, "order", o->order);
      if (o->min_rounds)
        cJSON_AddNumberToObject(ab, "min_rounds", (double)o->min_rounds);
      if (o->max_rounds)
        cJSON_AddNumberToObject(ab, "max_rounds", (double)o->max_rounds);
      if (o->budget_s >= 0)
        cJSON_AddNumberToObject(ab, "budget_s", o->budget_s);
      if (o->min_s >= 0)
        cJSON_AddNumberToObject(ab, "min_s", o->min_s);
      if (o->target_width_pct >= 0)
        cJSON_AddNumberToObject(ab, "target_width",
                                o->target_width_pct / 100.0);
      if (o->threshold_pct >= 0)
        cJSON_AddNumberToObject(ab, "threshold", o->threshold_pct / 100.0);
    }
  }
  if (!ok) {
    cJSON_Delete(req);
    return NULL;
  }
  return req;
}
