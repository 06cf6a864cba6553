#include "api.h"

#include "../stats/stats.h"
#include "../stats/stats_json.h"
#include "../store/store.h"
#include "err.h"

#include <http_parser.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void add_num(cJSON *o, const char *k, double v) {
  if (isfinite(v))
    cJSON_AddNumberToObject(o, k, v);
  else
    cJSON_AddNullToObject(o, k);
}

void bbd_api_history(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest) {
  (void)rest;
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  char bench[BBD_STORE_MAX_BENCH_ID + 1], variant[64] = "", metric[16] = "mean";
  if (bbd_query_get(req->query, "benchmark", 0, bench, sizeof bench) != 1) {
    bbd_api_fail(resp, BBD_EINVAL, "benchmark=ID is required");
    return;
  }
  if (bbd_query_get(req->query, "variant", 0, variant, sizeof variant) < 0 ||
      bbd_query_get(req->query, "metric", 0, metric, sizeof metric) < 0 ||
      (strcmp(metric, "mean") != 0 && strcmp(metric, "median") != 0 &&
       strcmp(metric, "slope") != 0)) {
    bbd_api_fail(resp, BBD_EINVAL, "metric must be mean, median or slope");
    return;
  }
  int64_t limit, ok_only;
  if (bbd_query_int(req->query, "limit", 1, 10000, 200, &limit) ||
      bbd_query_int(req->query, "ok_only", 0, 1, 1, &ok_only)) {
    bbd_api_fail(resp, BBD_EINVAL, "limit must be 1..10000, ok_only 0 or 1");
    return;
  }
  char tagbuf[BBD_STORE_MAX_FILTER_TAGS][512];
  bbd_store_tag_t tags[BBD_STORE_MAX_FILTER_TAGS];
  size_t nt = 0;
  for (;;) {
    char tmp[512];
    int rc = bbd_query_get(req->query, "tag", nt, tmp, sizeof tmp);
    if (rc == 0)
      break;
    char *colon = rc == 1 ? strchr(tmp, ':') : NULL;
    if (colon == NULL || nt >= BBD_STORE_MAX_FILTER_TAGS) {
      bbd_api_fail(resp, BBD_EINVAL, "tag filters are key:value, at most 8");
      return;
    }
    memcpy(tagbuf[nt], tmp, sizeof tmp);
    tagbuf[nt][colon - tmp] = '\0';
    tags[nt].key = tagbuf[nt];
    tags[nt].value = tagbuf[nt] + (colon - tmp) + 1;
    nt++;
  }
  bbd_store_history_query_t q;
  memset(&q, 0, sizeof q);
  q.bench_id = bench;
  q.variant = variant;
  q.ok_only = (int)ok_only;
  q.limit = (size_t)limit;
  q.tags = tags;
  q.n_tags = nt;
  bbd_store_history_t *h = NULL;
  char err[512];
  int rc = bbd_store_history(s->store, &q, &h, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "benchmark", bench);
  cJSON_AddStringToObject(o, "variant", variant);
  cJSON_AddStringToObject(o, "metric", metric);
  cJSON *pts = cJSON_AddArrayToObject(o, "points");
  double *y = calloc(h->count ? h->count : 1, sizeof *y);
  size_t *map = calloc(h->count ? h->count : 1, sizeof *map);
  size_t ny = 0;
  for (size_t i = 0; i < h->count; i++) {
    const bbd_store_history_point_t *p = &h->items[i];
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "run_id", (double)p->run_id);
    cJSON_AddNumberToObject(e, "result_id", (double)p->result_id);
    cJSON_AddNumberToObject(e, "time_ms", (double)p->time_ms);
    char iso[40];
    cJSON_AddStringToObject(e, "time",
                            bbd_iso_time(p->time_ms, iso, sizeof iso));
    cJSON_AddStringToObject(e, "status", p->status == 0 ? "ok" : "failed");
    add_num(e, "mean", p->mean);
    add_num(e, "median", p->median);
    add_num(e, "slope", p->slope);
    add_num(e, "stddev", p->stddev);
    add_num(e, "ci_low", p->ci_low);
    add_num(e, "ci_high", p->ci_high);
    cJSON_AddBoolToObject(e, "regression", p->regression);
    cJSON *t = cJSON_AddObjectToObject(e, "tags");
    for (size_t k = 0; k < p->n_tags; k++)
      cJSON_AddStringToObject(t, p->tags[k].key, p->tags[k].value);
    cJSON_AddItemToArray(pts, e);
    double v = strcmp(metric, "median") == 0  ? p->median
               : strcmp(metric, "slope") == 0 ? p->slope
                                              : p->mean;
    if (y && map && isfinite(v) && v > 0) {
      y[ny] = v;
      map[ny] = i;
      ny++;
    }
  }
  cJSON *cps = NULL;
  if (y && map && ny >= 4) {
    bbd_cp_config_t cc;
    memset(&cc, 0, sizeof cc);
    bbd_changepoint_t found[64];
    size_t nf = 0;
    if (bbd_stats_changepoints(&cc, y, ny, found, 64, &nf, NULL, 0) == 0) {
      cps = cJSON_CreateArray();
      for (size_t i = 0; i < nf && i < 64; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "index", (double)map[found[i].index]);
        cJSON_AddNumberToObject(
            c, "run_from", (double)h->items[map[found[i].run_from]].run_id);
        cJSON_AddNumberToObject(c, "run_to",
                                (double)h->items[map[found[i].run_to]].run_id);
        add_num(c, "before", found[i].before);
        add_num(c, "after", found[i].after);
        add_num(c, "rel", found[i].rel);
        add_num(c, "z", found[i].z);
        cJSON_AddItemToArray(cps, c);
      }
    }
  }
  cJSON_AddItemToObject(o, "change_points", cps ? cps : cJSON_CreateArray());
  cJSON_AddStringToObject(o, "method", "pelt");
  free(y);
  free(map);
  bbd_store_history_free(h);
  bbd_api_json(resp, 200, o);
}
