#include "api.h"
#include "jsonnum.h"

#include "err.h"
#include "runreq.h"

#include "../store/store.h"

#include <http_parser.h>
#include <math.h>
#include <string.h>

static cJSON *baseline_json(const bbd_store_baseline_t *b) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", b->name);
  cJSON_AddNumberToObject(o, "run_id", (double)b->run_id);
  bbd_api_add_time(o, "set", b->set_ms);
  if (b->note)
    cJSON_AddStringToObject(o, "note", b->note);
  else
    cJSON_AddNullToObject(o, "note");
  return o;
}

static void get_one(bbd_server_t *s, const char *name, bbd_http_resp_t *resp) {
  bbd_store_baseline_t *b = NULL;
  char err[512];
  int rc = bbd_store_baseline_get(s->store, name, &b, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  cJSON *o = baseline_json(b);
  bbd_store_baseline_free(b);
  bbd_store_baseline_history_t *h = NULL;
  cJSON *arr = cJSON_AddArrayToObject(o, "history");
  if (bbd_store_baseline_history(s->store, name, &h, NULL, 0) == 0) {
    for (size_t i = 0; i < h->count; i++) {
      cJSON *e = cJSON_CreateObject();
      cJSON_AddStringToObject(e, "action", h->items[i].action);
      if (h->items[i].run_id > 0)
        cJSON_AddNumberToObject(e, "run_id", (double)h->items[i].run_id);
      else
        cJSON_AddNullToObject(e, "run_id");
      cJSON_AddNumberToObject(e, "at_ms", (double)h->items[i].at_ms);
      char iso[40];
      cJSON_AddStringToObject(e, "at",
                              bbd_iso_time(h->items[i].at_ms, iso, sizeof iso));
      if (h->items[i].note)
        cJSON_AddStringToObject(e, "note", h->items[i].note);
      else
        cJSON_AddNullToObject(e, "note");
      cJSON_AddItemToArray(arr, e);
    }
    bbd_store_baseline_history_free(h);
  }
  bbd_api_json(resp, 200, o);
}

static void set_one(bbd_server_t *s, bbd_http_req_t *req, const char *name,
                    bbd_http_resp_t *resp) {
  cJSON *body = bbd_api_body(req, resp);
  if (body == NULL)
    return;
  const cJSON *it;
  cJSON_ArrayForEach(it, body) {
    if (strcmp(it->string, "run") != 0 && strcmp(it->string, "note") != 0 &&
        strcmp(it->string, "name") != 0) {
      cJSON_Delete(body);
      bbd_api_fail(resp, BBD_EINVAL, "unknown field (expected run, note)");
      return;
    }
  }
  const cJSON *run = cJSON_GetObjectItemCaseSensitive(body, "run");
  const cJSON *note = cJSON_GetObjectItemCaseSensitive(body, "note");
  int64_t run_id = 0;
  if (!bbd_json_id(run, &run_id) ||
      (note && !cJSON_IsNull(note) &&
       (!cJSON_IsString(note) || strlen(note->valuestring) > 4096))) {
    cJSON_Delete(body);
    bbd_api_fail(resp, BBD_EINVAL,
                 "body must be {\"run\":ID} with an optional string note");
    return;
  }
  char err[512];
  int rc = bbd_store_baseline_set(s->store, name, run_id,
                                  cJSON_GetStringValue(note), err, sizeof err);
  cJSON_Delete(body);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  bbd_store_baseline_t *b = NULL;
  rc = bbd_store_baseline_get(s->store, name, &b, err, sizeof err);
  if (rc != 0) {
    bbd_api_fail(resp, rc, err);
    return;
  }
  bbd_api_json(resp, 200, baseline_json(b));
  bbd_store_baseline_free(b);
}

void bbd_api_baselines(bbd_server_t *s, bbd_http_req_t *req,
                       bbd_http_resp_t *resp, const char *rest) {
  if (rest[0] == '\0' || strcmp(rest, "/") == 0) {
    if (req->method == HTTP_POST) {
      /* POST {"name":..,"run":..} is the same as PUT /baselines/NAME. */
      cJSON *body = bbd_api_body(req, resp);
      if (body == NULL)
        return;
      const char *name =
          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(body, "name"));
      char nm[160];
      snprintf(nm, sizeof nm, "%s", name ? name : "");
      cJSON_Delete(body);
      if (!bbd_name_ok(nm, 128)) {
        bbd_api_fail(resp, BBD_EINVAL, "name must match [A-Za-z0-9_.-]{1,128}");
        return;
      }
      set_one(s, req, nm, resp);
      return;
    }
    if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
      bbd_api_method_not_allowed(resp, "GET, HEAD, POST");
      return;
    }
    bbd_store_baseline_list_t *l = NULL;
    char err[512];
    int rc = bbd_store_baseline_list(s->store, &l, err, sizeof err);
    if (rc != 0) {
      bbd_api_fail(resp, rc, err);
      return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(o, "baselines");
    for (size_t i = 0; i < l->count; i++)
      cJSON_AddItemToArray(arr, baseline_json(&l->items[i]));
    bbd_store_baseline_list_free(l);
    bbd_api_json(resp, 200, o);
    return;
  }
  const char *name = rest + 1;
  if (!bbd_name_ok(name, 128)) {
    bbd_api_fail(resp, BBD_EINVAL,
                 "baseline names match [A-Za-z0-9_.-]{1,128}");
    return;
  }
  if (req->method == HTTP_GET || req->method == HTTP_HEAD) {
    get_one(s, name, resp);
  } else if (req->method == HTTP_PUT) {
    set_one(s, req, name, resp);
  } else if (req->method == HTTP_DELETE) {
    char err[512];
    int rc = bbd_store_baseline_delete(s->store, name, err, sizeof err);
    if (rc != 0)
      bbd_api_fail(resp, rc, err);
    else
      resp->status = 204;
  } else {
    bbd_api_method_not_allowed(resp, "GET, HEAD, PUT, DELETE");
  }
}
