/*
 * The /api/v1 router and the helpers every api_<resource>.c uses: JSON
 * responses, the error object, query parameters and body parsing.
 */
#ifndef BBD_SERVER_API_H
#define BBD_SERVER_API_H

#include "http.h"
#include "server.h"

#include <cjson/cJSON.h>

/* The HTTP handler of the daemon (ud is the bbd_server_t). */
void bbd_api_handle(void *ud, bbd_http_req_t *req, bbd_http_resp_t *resp);

/* Sends doc (consumed) as the JSON body with `status`. */
void bbd_api_json(bbd_http_resp_t *r, int status, cJSON *doc);

/* Sends {"error":{"code","message","detail"}}; detail (consumed) may be
 * NULL; `reason` (may be NULL) is added to detail as "reason". */
void bbd_api_error(bbd_http_resp_t *r, int status, int code, const char *reason,
                   cJSON *detail);

/* Same, with the status derived from the code (bbd_api_status_of). */
void bbd_api_fail(bbd_http_resp_t *r, int code, const char *reason);

/* The HTTP status that fits a BBD_E* code. */
int bbd_api_status_of(int code);

/* Looks up `key` in a query string and percent-decodes its value into out.
 * Returns 1 if found, 0 if absent, BBD_ERANGE if the value is too long,
 * BBD_EPARSE on a bad escape. `nth` selects a repeated key (0 = first). */
int bbd_query_get(const char *query, const char *key, size_t nth, char *out,
                  size_t outlen);

/* Integer query parameter in [lo, hi]; *out keeps def if absent. Returns 0
 * or BBD_EINVAL (after sending nothing: the caller reports). */
int bbd_query_int(const char *query, const char *key, int64_t lo, int64_t hi,
                  int64_t def, int64_t *out);

/* Parses the request body as a JSON object. An empty body gives an empty
 * object. On failure sends the error (400/415) and returns NULL. */
cJSON *bbd_api_body(bbd_http_req_t *req, bbd_http_resp_t *resp);

/* Fast number members for hot responses: cJSON prints every non-int32
 * number with sprintf + sscanf + sprintf (to find the shortest form), which
 * dominated GET /runs. These print once, as raw JSON: integers exactly,
 * doubles with %.17g (always round-trips); non-finite values become null. */
void bbd_json_add_i64(cJSON *obj, const char *key, int64_t v);
void bbd_json_add_f64(cJSON *obj, const char *key, double v);

/* Adds "NAME_ms" and "NAME_at" (null when ms == 0). */
void bbd_api_add_time(cJSON *obj, const char *name, int64_t ms);

/* Parses a decimal id (1..2^53); returns -1 if not one. */
int64_t bbd_api_parse_id(const char *s);

/* Route handlers, one file per resource. `rest` is the path after the
 * resource name ("" or "/42/cancel"). */
void bbd_api_status(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                    const char *rest);
void bbd_api_plugins(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest);
void bbd_api_benchmarks(bbd_server_t *s, bbd_http_req_t *req,
                        bbd_http_resp_t *resp, const char *rest);
void bbd_api_runs(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                  const char *rest);
void bbd_api_events(bbd_server_t *s, bbd_http_req_t *req, bbd_http_resp_t *resp,
                    const char *rest);
void bbd_api_compare(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest);
void bbd_api_baselines(bbd_server_t *s, bbd_http_req_t *req,
                       bbd_http_resp_t *resp, const char *rest);
void bbd_api_history(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp, const char *rest);
void bbd_api_maintenance(bbd_server_t *s, bbd_http_req_t *req,
                         bbd_http_resp_t *resp, const char *rest);
void bbd_api_metrics(bbd_server_t *s, bbd_http_req_t *req,
                     bbd_http_resp_t *resp);
void bbd_api_static(bbd_server_t *s, bbd_http_req_t *req,
                    bbd_http_resp_t *resp);

/* 405 with an Allow header. */
void bbd_api_method_not_allowed(bbd_http_resp_t *r, const char *allow);

#endif
