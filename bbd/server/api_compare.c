#include "api.h"

#include "compare.h"
#include "err.h"

#include <http_parser.h>
#include <stdlib.h>
#include <string.h>

/* "run:12", "12" or "baseline:NAME" -> run id; baseline name copied. */
static int resolve(bbd_server_t *s, const char *spec, int64_t *run, char *bl,
                   size_t bllen, char *err, size_t errlen) {
  bl[0] = '\0';
  if (strncmp(spec, "baseline:", 9) == 0) {
    bbd_store_baseline_t *b = NULL;
    int rc = bbd_store_baseline_get(s->store, spec + 9, &b, err, errlen);
    if (rc != 0)
      return rc;
    *run = b->run_id;
    snprintf(bl, bllen, "%s", spec + 9);
    bbd_store_baseline_free(b);
    return 0;
  }
  if (strncmp(spec, "run:", 4) == 0)
    spec += 4;
  *run = bbd_api_parse_id(spec);
  if (*run < 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "expected run:ID, ID or baseline:NAME, got '%.64s'", spec);
  return 0;
}

typedef struct cmp_job {
  uv_work_t work;
  bbd_cmp_t *cmp;
  bbd_conn_t *conn;
  char bla[300], blb[300];
} cmp_job_t;

static void cmp_work(uv_work_t *w) {
  cmp_job_t *job = w->data;
  bbd_cmp_compute(job->cmp);
}

static void cmp_after(uv_work_t *w, int status) {
  cmp_job_t *job = w->data;
  bbd_http_resp_t r;
  memset(&r, 0, sizeof r);
  if (status != 0) {
    bbd_api_fail(&r, BBD_ECANCELLED, "the comparison was cancelled");
  } else {
    cJSON *doc = bbd_cmp_json(job->cmp, job->bla[0] ? job->bla : NULL,
                              job->blb[0] ? job->blb : NULL);
    bbd_api_json(&r, 200, doc);
  }
  snprintf(r.headers, sizeof r.headers, "Cache-Control: no-store\r\n");
  bbd_http_respond(job->conn, &r);
  bbd_cmp_free(job->cmp);
  free(job);
}

void bbd_api_compare(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest) {
  (void)rest;
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  char a[300], b[300], buf[64], glob[1024];
  if (bbd_query_get(req->query, "a", 0, a, sizeof a) != 1 ||
      bbd_query_get(req->query, "b", 0, b, sizeof b) != 1) {
    bbd_api_fail(resp, BBD_EINVAL,
                 "a and b are required (run:ID, ID or baseline:NAME)");
    return;
  }
  bbd_cmp_opts_t o;
  bbd_cmp_opts_default(&o);
  /* Fewer resamples than a run's own comparison keep the request fast;
   * the verdicts stored with runs use the full count. */
  o.stats.resamples = 20000;
  int64_t res;
  if (bbd_query_int(req->query, "resamples", 100, 200000, 20000, &res) != 0) {
    bbd_api_fail(resp, BBD_EINVAL, "resamples must be in 100..200000");
    return;
  }
  o.stats.resamples = (uint32_t)res;
  if (bbd_query_get(req->query, "force", 0, buf, sizeof buf) == 1)
    o.force = strcmp(buf, "1") == 0 || strcmp(buf, "true") == 0;
  if (bbd_query_get(req->query, "threshold", 0, buf, sizeof buf) == 1) {
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0' || !(v >= 0 && v <= 1)) {
      bbd_api_fail(resp, BBD_EINVAL, "threshold must be in [0, 1]");
      return;
    }
    o.stats.threshold = v;
  }
  if (bbd_query_get(req->query, "alpha", 0, buf, sizeof buf) == 1) {
    char *end;
    double v = strtod(buf, &end);
    if (*end != '\0' || !(v > 0 && v < 1)) {
      bbd_api_fail(resp, BBD_EINVAL, "alpha must be in (0, 1)");
      return;
    }
    o.stats.alpha = v;
  }
  if (bbd_query_get(req->query, "multiplicity", 0, buf, sizeof buf) == 1 &&
      bbd_multiplicity_from_name(buf, &o.mult) != 0) {
    bbd_api_fail(resp, BBD_EINVAL, "multiplicity must be holm, bh or none");
    return;
  }
  if (bbd_query_get(req->query, "center", 0, buf, sizeof buf) == 1) {
    if (strcmp(buf, "median") == 0)
      o.stats.center = BBD_STATS_CENTER_MEDIAN;
    else if (strcmp(buf, "mean") != 0) {
      bbd_api_fail(resp, BBD_EINVAL, "center must be mean or median");
      return;
    }
  }
  if (bbd_query_get(req->query, "metric", 0, buf, sizeof buf) != 0 &&
      bbd_cmp_metric_from_name(buf, &o.metric) != 0) {
    bbd_api_fail(resp, BBD_EINVAL, "metric must be wall or cpu");
    return;
  }
  if (bbd_query_get(req->query, "benchmark", 0, glob, sizeof glob) == 1)
    o.bench_glob = glob;
  char err[512], bla[300], blb[300];
  int64_t ra, rb;
  int rc = resolve(s, a, &ra, bla, sizeof bla, err, sizeof err);
  if (rc == 0)
    rc = resolve(s, b, &rb, blb, sizeof blb, err, sizeof err);
  bbd_cmp_t *c = NULL;
  if (rc == 0)
    rc = bbd_cmp_load(s->store, ra, rb, &o, &c, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  /* The bootstrap of a large comparison takes seconds: it runs in the
   * libuv thread pool and the answer is sent when it is done, so the loop
   * keeps serving everyone else. */
  cmp_job_t *job = calloc(1, sizeof *job);
  if (job == NULL) {
    bbd_cmp_free(c);
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  job->cmp = c;
  job->conn = req->conn;
  snprintf(job->bla, sizeof job->bla, "%s", bla);
  snprintf(job->blb, sizeof job->blb, "%s", blb);
  job->work.data = job;
  if (uv_queue_work(s->loop, &job->work, cmp_work, cmp_after) != 0) {
    bbd_cmp_compute(c);
    cJSON *doc = bbd_cmp_json(c, bla[0] ? bla : NULL, blb[0] ? blb : NULL);
    bbd_cmp_free(c);
    free(job);
    bbd_api_json(resp, 200, doc);
    return;
  }
  resp->deferred = 1;
}
