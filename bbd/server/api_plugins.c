#include "api.h"

#include "catalog.h"
#include "err.h"

#include <http_parser.h>
#include <string.h>

void bbd_api_plugins(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest) {
  if (strcmp(rest, "/rescan") == 0) {
    if (req->method != HTTP_POST) {
      bbd_api_method_not_allowed(resp, "POST");
      return;
    }
    bbd_catalog_rescan(s->catalog);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "scanning", 1);
    cJSON_AddNumberToObject(o, "generation",
                            (double)bbd_catalog_generation(s->catalog));
    bbd_api_json(resp, 202, o);
    return;
  }
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  if (rest[0] == '\0' || strcmp(rest, "/") == 0) {
    bbd_api_json(resp, 200, bbd_catalog_json(s->catalog));
    return;
  }
  const char *name = rest + 1;
  if (strchr(name, '/') != NULL || strlen(name) > 256) {
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such plugin");
    return;
  }
  cJSON *p = bbd_catalog_plugin_json(s->catalog, name);
  if (p == NULL) {
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such plugin");
    return;
  }
  bbd_api_json(resp, 200, p);
}

void bbd_api_benchmarks(bbd_server_t *s, bbd_http_req_t *req,
                        bbd_http_resp_t *resp, const char *rest) {
  if (rest[0] != '\0') {
    bbd_api_fail(resp, BBD_ENOTFOUND, "no such API endpoint");
    return;
  }
  if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
    bbd_api_method_not_allowed(resp, "GET, HEAD");
    return;
  }
  char glob[1024];
  int rc = bbd_query_get(req->query, "filter", 0, glob, sizeof glob);
  if (rc < 0) {
    bbd_api_fail(resp, BBD_EINVAL, "bad filter parameter");
    return;
  }
  cJSON *arr = bbd_catalog_benchmarks_json(s->catalog, rc == 1 ? glob : NULL);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(arr));
  cJSON_AddItemToObject(o, "benchmarks", arr);
  bbd_api_json(resp, 200, o);
}
