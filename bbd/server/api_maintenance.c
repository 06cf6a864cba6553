#include "api.h"

#include "err.h"
#include "queue.h"

#include "../store/store.h"

#include <http_parser.h>
#include <math.h>
#include <string.h>

void bbd_api_maintenance(bbd_server_t *s, bbd_http_req_t *req,
                         bbd_http_resp_t *resp, const char *rest) {
  if (strcmp(rest, "/vacuum") != 0) {
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such API endpoint");
    return;
  }
  if (req->method != HTTP_POST) {
    bbd_api_method_not_allowed(resp, "POST");
    return;
  }
  cJSON *body = bbd_api_body(req, resp);
  if (body == NULL)
    return;
  bbd_store_retention_t r = {0, s->cfg.keep_runs};
  const cJSON *it;
  int bad = 0;
  cJSON_ArrayForEach(it, body) {
    if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > 1e12 ||
        it->valuedouble != floor(it->valuedouble))
      bad = 1;
    else if (strcmp(it->string, "max_runs") == 0)
      r.max_runs = (int64_t)it->valuedouble;
    else if (strcmp(it->string, "max_age_days") == 0)
      r.max_age_days = (int64_t)it->valuedouble;
    else
      bad = 1;
  }
  cJSON_Delete(body);
  if (bad) {
    bbd_api_fail(resp, BBD_EINVAL,
                 "body fields: max_runs, max_age_days (non-negative integers)");
    return;
  }
  if (bbd_queue_running(s->queue) != 0) {
    bbd_api_error(resp, 409, BBD_EBUSY,
                  "a run is in progress; vacuum when the queue is idle", NULL);
    return;
  }
  int64_t deleted = 0;
  char err[512];
  int rc = bbd_store_retention_apply(s->store, &r, &deleted, err, sizeof err);
  if (rc == 0)
    rc = bbd_store_vacuum(s->store, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "deleted_runs", (double)deleted);
  bbd_api_json(resp, 200, o);
}
