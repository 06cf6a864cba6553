#include "api.h"
#include "jsonnum.h"

#include "catalog.h"
#include "err.h"
#include "queue.h"
#include "results.h"
#include "runreq.h"

#include "../store/store.h"

#include <http_parser.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void list_runs(bbd_server_t *s, bbd_http_req_t *req,
                      bbd_http_resp_t *resp) {
  bbd_store_run_filter_t f;
  memset(&f, 0, sizeof f);
  int64_t limit, offset, cursor, since, until;
  if (bbd_query_int(req->query, "limit", 1, 1000, 50, &limit) ||
      bbd_query_int(req->query, "offset", 0, 1000000000, 0, &offset) ||
      bbd_query_int(req->query, "cursor", 0, INT64_MAX, 0, &cursor) ||
      bbd_query_int(req->query, "since", 0, INT64_MAX, 0, &since) ||
      bbd_query_int(req->query, "until", 0, INT64_MAX, 0, &until)) {
    bbd_api_fail(resp, BBD_EINVAL,
                 "limit (1..1000), offset, cursor, since and until must be "
                 "non-negative integers");
    return;
  }
  f.limit = (size_t)limit;
  f.offset = (size_t)offset;
  f.before_id = cursor;
  f.since_ms = since;
  f.until_ms = until;
  char buf[1100];
  if (bbd_query_get(req->query, "order", 0, buf, sizeof buf) == 1) {
    if (strcmp(buf, "asc") == 0)
      f.oldest_first = 1;
    else if (strcmp(buf, "desc") != 0) {
      bbd_api_fail(resp, BBD_EINVAL, "order must be asc or desc");
      return;
    }
  }
  if (bbd_query_get(req->query, "state", 0, buf, sizeof buf) == 1) {
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
      int st = bbd_store_run_state_parse(tok);
      if (st < 0) {
        bbd_api_fail(resp, BBD_EINVAL, "unknown state in state filter");
        return;
      }
      f.state_mask |= 1u << st;
    }
  }
  char tagbuf[BBD_STORE_MAX_FILTER_TAGS][512];
  bbd_store_tag_t tags[BBD_STORE_MAX_FILTER_TAGS];
  size_t nt = 0;
  for (size_t i = 0; i < BBD_STORE_MAX_FILTER_TAGS + 1; i++) {
    int rc = bbd_query_get(req->query, "tag", i,
                           tagbuf[nt < BBD_STORE_MAX_FILTER_TAGS ? nt : 0],
                           sizeof tagbuf[0]);
    if (rc == 0)
      break;
    char *colon =
        rc == 1 ? strchr(tagbuf[nt < BBD_STORE_MAX_FILTER_TAGS ? nt : 0], ':')
                : NULL;
    if (rc < 0 || colon == NULL || nt >= BBD_STORE_MAX_FILTER_TAGS) {
      bbd_api_fail(resp, BBD_EINVAL, "tag filters are key:value, at most 8");
      return;
    }
    *colon = '\0';
    tags[nt].key = tagbuf[nt];
    tags[nt].value = colon + 1;
    nt++;
  }
  f.tags = tags;
  f.n_tags = nt;
  char glob[1024];
  if (bbd_query_get(req->query, "benchmark", 0, glob, sizeof glob) == 1)
    f.bench_glob = glob;
  bbd_store_run_list_t *l = NULL;
  char err[512];
  int rc = bbd_store_run_list(s->store, &f, &l, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  int *pos = malloc((l->count ? l->count : 1) * sizeof *pos);
  size_t len = 0;
  char *body = NULL;
  if (pos != NULL) {
    for (size_t i = 0; i < l->count; i++)
      pos[i] = bbd_queue_position(s->queue, l->items[i].id);
    body = bbd_run_list_text(l, pos, f.limit, f.offset, &len);
  }
  free(pos);
  bbd_store_run_list_free(l);
  if (body == NULL) {
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  resp->status = 200;
  resp->content_type = "application/json";
  resp->body = body;
  resp->len = len;
}

static cJSON *run_doc(bbd_server_t *s, int64_t id, int *code, char *err,
                      size_t errlen) {
  bbd_store_run_t *r = NULL;
  *code = bbd_store_run_get(s->store, id, &r, err, errlen);
  if (*code != 0)
    return NULL;
  cJSON *o = bbd_run_json(r, 1);
  bbd_store_run_free(r);
  int pos = bbd_queue_position(s->queue, id);
  if (pos > 0)
    cJSON_AddNumberToObject(o, "position", pos);
  const cJSON *pr = bbd_queue_progress(s->queue, id);
  cJSON_AddItemToObject(o, "progress",
                        pr ? cJSON_Duplicate(pr, 1) : cJSON_CreateNull());
  return o;
}

/*
 * GET /runs/ID: the run object with "results" as its last member. The
 * results array is the store's concatenation of the result documents it
 * rendered when each result was stored (bbd_store_result_docs), spliced
 * into the printed run object, so no result is rebuilt per request.
 */
static void run_with_results(bbd_server_t *s, int64_t id,
                             bbd_http_resp_t *resp) {
  char err[512];
  int code = 0;
  cJSON *o = run_doc(s, id, &code, err, sizeof err);
  if (o == NULL) {
    bbd_api_fail(resp, code, err);
    return;
  }
  char *arr = NULL;
  size_t alen = 0;
  code = bbd_store_result_docs(s->store, id, &arr, &alen, err, sizeof err);
  if (code != 0) {
    cJSON_Delete(o);
    bbd_api_fail(resp, code, err);
    return;
  }
  char *run = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  static const char key[] = ",\"results\":";
  size_t rlen = run ? strlen(run) : 0;
  /* The printed object ends with '}', which moves behind the results. */
  char *body = rlen >= 2 && run[rlen - 1] == '}'
                   ? malloc(rlen - 1 + sizeof key - 1 + alen + 3)
                   : NULL;
  if (body == NULL) {
    free(run);
    free(arr);
    bbd_api_fail(resp, BBD_ENOMEM, "out of memory");
    return;
  }
  size_t n = rlen - 1;
  memcpy(body, run, n);
  memcpy(body + n, key, sizeof key - 1);
  n += sizeof key - 1;
  memcpy(body + n, arr, alen);
  n += alen;
  memcpy(body + n, "}\n", 3); /* same trailing newline as bbd_api_json */
  n += 2;
  free(run);
  free(arr);
  resp->status = 200;
  resp->content_type = "application/json";
  resp->body = body;
  resp->len = n;
}

static void create_run(bbd_server_t *s, bbd_http_req_t *req,
                       bbd_http_resp_t *resp) {
  cJSON *body = bbd_api_body(req, resp);
  if (body == NULL)
    return;
  int code = 0;
  char field[64] = "", err[512] = "";
  cJSON *cfg =
      bbd_runreq_validate(body, &code, field, sizeof field, err, sizeof err);
  cJSON_Delete(body);
  if (cfg == NULL) {
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "field", field);
    bbd_api_error(resp, bbd_api_status_of(code), code, err, d);
    return;
  }
  /* The filters must select something now; the selection is made again
   * when the run starts, against the catalog of that moment. */
  int count = 0;
  cJSON *sel = bbd_catalog_select(
      s->catalog, cJSON_GetObjectItemCaseSensitive(cfg, "filters"), &count);
  if (count == 0) {
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "field", "filters");
    cJSON_AddItemToObject(
        d, "filters",
        cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(cfg, "filters"), 1));
    cJSON_AddBoolToObject(d, "scanning", bbd_catalog_scanning(s->catalog));
    bbd_api_error(resp, 400, BBD_EINVAL,
                  "no benchmark in the catalog matches the filters", d);
    cJSON_Delete(sel);
    cJSON_Delete(cfg);
    return;
  }
  const cJSON *p;
  cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(cfg, "params")) {
    int known = 0;
    const cJSON *pl, *d;
    cJSON_ArrayForEach(pl, sel) {
      cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(pl, "params")) {
        if (strcmp(d->valuestring, p->string) == 0)
          known = 1;
      }
    }
    if (!known) {
      cJSON *dd = cJSON_CreateObject();
      cJSON_AddStringToObject(dd, "field", "params");
      char why[160];
      snprintf(why, sizeof why,
               "no selected benchmark declares parameter '%.64s'", p->string);
      bbd_api_error(resp, 400, BBD_EINVAL, why, dd);
      cJSON_Delete(sel);
      cJSON_Delete(cfg);
      return;
    }
  }
  cJSON_Delete(sel);
  const cJSON *ct = cJSON_GetObjectItemCaseSensitive(cfg, "compare_to");
  const cJSON *ctr = cJSON_GetObjectItemCaseSensitive(ct, "run");
  int64_t ctr_id;
  if (bbd_json_id(ctr, &ctr_id)) {
    bbd_store_run_t *r = NULL;
    if (bbd_store_run_get(s->store, ctr_id, &r, NULL, 0) != 0) {
      cJSON *dd = cJSON_CreateObject();
      cJSON_AddStringToObject(dd, "field", "compare_to");
      bbd_api_error(resp, 404, BBD_ENOTFOUND, "compare_to.run does not exist",
                    dd);
      cJSON_Delete(cfg);
      return;
    }
    bbd_store_run_free(r);
  }
  const cJSON *ab = cJSON_GetObjectItemCaseSensitive(cfg, "ab");
  if (cJSON_IsObject(ab)) {
    static const char *const dirs[] = {"a_dir", "b_dir"};
    for (int i = 0; i < 2; i++) {
      const char *dir =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ab, dirs[i]));
      if (bbd_catalog_check_dir(dir, err, sizeof err) != 0) {
        cJSON *dd = cJSON_CreateObject();
        cJSON_AddStringToObject(dd, "field", dirs[i]);
        bbd_api_error(resp, 400, BBD_EINVAL, err, dd);
        cJSON_Delete(cfg);
        return;
      }
    }
  }
  cJSON_AddNumberToObject(cfg, "planned", count);
  int64_t id = 0;
  int position = 0;
  int rc = bbd_queue_submit(s->queue, cfg, &id, &position, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  cJSON *run = run_doc(s, id, &code, err, sizeof err);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)id);
  const char *state =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(run, "state"));
  cJSON_AddStringToObject(o, "state", state ? state : "queued");
  cJSON_AddNumberToObject(o, "position", position);
  cJSON_AddItemToObject(o, "run", run ? run : cJSON_CreateNull());
  bbd_api_json(resp, 202, o);
  snprintf(resp->headers, sizeof resp->headers,
           "Location: /api/v1/runs/%lld\r\nCache-Control: no-store\r\n",
           (long long)id);
}

static void samples_doc(bbd_server_t *s, int64_t run_id, int64_t result_id,
                        bbd_http_resp_t *resp) {
  bbd_store_result_t *r = NULL;
  char err[512];
  int rc = bbd_store_result_get(s->store, result_id, &r, err, sizeof err);
  if (rc == 0 && r->run_id != run_id) {
    bbd_store_result_free(r);
    rc = BBD_ENOTFOUND;
    snprintf(err, sizeof err, "result %lld is not part of run %lld",
             (long long)result_id, (long long)run_id);
  }
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  bbd_store_result_free(r);
  bbd_store_samples_t *sm = NULL;
  rc = bbd_store_samples_get(s->store, result_id, &sm, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "result_id", (double)result_id);
  cJSON_AddNumberToObject(o, "n", (double)sm->n);
  cJSON *it = cJSON_AddArrayToObject(o, "iters");
  cJSON *ns = cJSON_AddArrayToObject(o, "ns");
  for (size_t i = 0; i < sm->n; i++) {
    cJSON_AddItemToArray(it, cJSON_CreateNumber((double)sm->iters[i]));
    cJSON_AddItemToArray(ns, cJSON_CreateNumber(sm->ns[i]));
  }
  cJSON *cs = cJSON_AddObjectToObject(o, "counters");
  for (size_t c = 0; c < sm->n_counters; c++) {
    cJSON *a = cJSON_AddArrayToObject(cs, sm->counters[c].name);
    for (size_t i = 0; i < sm->n; i++) {
      double v = sm->counters[c].values[i];
      cJSON_AddItemToArray(a, isfinite(v) ? cJSON_CreateNumber(v)
                                          : cJSON_CreateNull());
    }
  }
  bbd_store_samples_free(sm);
  bbd_api_json(resp, 200, o);
}

void bbd_api_runs(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                  const char *rest) {
  if (rest[0] == '\0' || strcmp(rest, "/") == 0) {
    if (req->method == HTTP_GET || req->method == HTTP_HEAD)
      list_runs(s, req, resp);
    else if (req->method == HTTP_POST)
      create_run(s, req, resp);
    else
      bbd_api_method_not_allowed(resp, "GET, HEAD, POST");
    return;
  }
  /* "/ID", "/ID/cancel", "/ID/results/RID/samples" */
  char idbuf[32];
  const char *p = rest + 1;
  size_t n = strcspn(p, "/");
  if (n == 0 || n >= sizeof idbuf) {
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such run");
    return;
  }
  memcpy(idbuf, p, n);
  idbuf[n] = '\0';
  int64_t id = bbd_api_parse_id(idbuf);
  if (id < 0) {
    bbd_api_fail(resp, BBD_ENOTFOUND,
                 "no such run (ids are positive integers)");
    return;
  }
  const char *sub = p + n;
  char err[512];
  int code = 0;
  if (sub[0] == '\0') {
    if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
      run_with_results(s, id, resp);
    } else if (req->method == HTTP_DELETE) {
      int pos = bbd_queue_position(s->queue, id);
      if (pos >= 0) {
        bbd_api_fail(resp, BBD_ESTATE,
                     "the run is queued or running: cancel it first");
        return;
      }
      code = bbd_store_run_delete(s->store, id, err, sizeof err);
      if (code != 0) {
        bbd_api_fail(resp, code, err);
        return;
      }
      resp->status = 204;
    } else {
      bbd_api_method_not_allowed(resp, "GET, HEAD, DELETE");
    }
    return;
  }
  if (strcmp(sub, "/cancel") == 0) {
    if (req->method != HTTP_POST) {
      bbd_api_method_not_allowed(resp, "POST");
      return;
    }
    bbd_store_run_t *r = NULL;
    code = bbd_store_run_get(s->store, id, &r, err, sizeof err);
    if (code != 0) {
      bbd_api_fail(resp, code, err);
      return;
    }
    bbd_store_run_free(r);
    code = bbd_queue_cancel(s->queue, id, err, sizeof err);
    if (code != 0) {
      bbd_api_fail(resp, code, err);
      return;
    }
    cJSON *o = run_doc(s, id, &code, err, sizeof err);
    if (o == NULL) {
      bbd_api_fail(resp, code, err);
      return;
    }
    /* A running run is cancelled once its worker has stopped; the answer
     * already states the outcome. */
    cJSON_ReplaceItemInObjectCaseSensitive(o, "state",
                                           cJSON_CreateString("cancelled"));
    bbd_api_json(resp, 200, o);
    return;
  }
  if (strncmp(sub, "/results/", 9) == 0) {
    const char *q = sub + 9;
    size_t m = strcspn(q, "/");
    if (m == 0 || m >= sizeof idbuf || strcmp(q + m, "/samples") != 0) {
      bbd_api_fail(resp, BBD_ENOTFOUND, "no such API endpoint");
      return;
    }
    memcpy(idbuf, q, m);
    idbuf[m] = '\0';
    int64_t rid = bbd_api_parse_id(idbuf);
    if (rid < 0) {
      bbd_api_fail(resp, BBD_ENOTFOUND, "no such result");
      return;
    }
    if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
      bbd_api_method_not_allowed(resp, "GET, HEAD");
      return;
    }
    samples_doc(s, id, rid, resp);
    return;
  }
  bbd_api_fail(resp, BBD_ENOTFOUND, "no such API endpoint");
}
