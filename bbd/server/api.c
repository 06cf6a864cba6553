#include "api.h"

#include "err.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <http_parser.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t bbd_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes n decimal digits of v (zero-padded) at p. */
static char *put_digits(char *p, unsigned v, int n) {
  for (int i = n - 1; i >= 0; i--) {
    p[i] = (char)('0' + v % 10);
    v /= 10;
  }
  return p + n;
}

const char *bbd_iso_time(int64_t ms, char *buf, size_t len) {
  /* Run lists print two timestamps per run: the civil date is computed
   * directly (H. Hinnant's civil_from_days), because gmtime_r takes glibc's
   * time zone lock and strftime interprets its format on every call. Years
   * 1970..9999 only; anything else takes the libc path. */
  if (ms >= 0 && ms < 253402300800000LL && len >= 25) {
    int64_t secs = ms / 1000;
    int64_t z = secs / 86400 + 719468;
    unsigned sod = (unsigned)(secs % 86400);
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned mon = mp < 10 ? mp + 3 : mp - 9;
    unsigned year = (unsigned)(era * 400 + yoe) + (mon <= 2);
    char *p = put_digits(buf, year, 4);
    *p++ = '-';
    p = put_digits(p, mon, 2);
    *p++ = '-';
    p = put_digits(p, day, 2);
    *p++ = 'T';
    p = put_digits(p, sod / 3600, 2);
    *p++ = ':';
    p = put_digits(p, sod / 60 % 60, 2);
    *p++ = ':';
    p = put_digits(p, sod % 60, 2);
    *p++ = '.';
    p = put_digits(p, (unsigned)(ms % 1000), 3);
    *p++ = 'Z';
    *p = '\0';
    return buf;
  }
  time_t t = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&t, &tm);
  char base[32];
  strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf, len, "%s.%03dZ", base, (int)(ms % 1000));
  return buf;
}

/* Decimal text of v into buf (>= 21 bytes), NUL-terminated: the run list
 * prints a dozen integers per run, and snprintf's format interpretation
 * was a tenth of its time. */
static void fmt_i64(char *buf, int64_t v) {
  char tmp[24];
  size_t n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  size_t o = 0;
  if (v < 0)
    buf[o++] = '-';
  while (n > 0)
    buf[o++] = tmp[--n];
  buf[o] = '\0';
}

void bbd_json_add_i64(cJSON *obj, const char *key, int64_t v) {
  char buf[32];
  fmt_i64(buf, v);
  cJSON_AddRawToObject(obj, key, buf);
}

void bbd_json_add_f64(cJSON *obj, const char *key, double v) {
  if (!isfinite(v)) {
    cJSON_AddNullToObject(obj, key);
    return;
  }
  char buf[40];
  snprintf(buf, sizeof buf, "%.17g", v);
  cJSON_AddRawToObject(obj, key, buf);
}

void bbd_api_add_time(cJSON *obj, const char *name, int64_t ms) {
  char key[64], iso[40];
  size_t n = strlen(name);
  if (n > sizeof key - 4)
    n = sizeof key - 4;
  memcpy(key, name, n);
  memcpy(key + n, "_ms", 4);
  if (ms > 0)
    bbd_json_add_i64(obj, key, ms);
  else
    cJSON_AddNullToObject(obj, key);
  memcpy(key + n, "_at", 4);
  if (ms > 0)
    cJSON_AddStringToObject(obj, key, bbd_iso_time(ms, iso, sizeof iso));
  else
    cJSON_AddNullToObject(obj, key);
}

int64_t bbd_api_parse_id(const char *s) {
  if (s == NULL || *s < '1' || *s > '9')
    return -1;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno != 0 || *end != '\0' || v <= 0 || v > (1ll << 53))
    return -1;
  return (int64_t)v;
}

int bbd_api_status_of(int code) {
  switch (code) {
  case BBD_EINVAL:
  case BBD_EPARSE:
  case BBD_ERANGE:
    return 400;
  case BBD_EAUTH:
    return 401;
  case BBD_EPERM:
    return 403;
  case BBD_ENOTFOUND:
    return 404;
  case BBD_EEXIST:
  case BBD_ESTATE:
  case BBD_ECONFLICT:
  case BBD_EINCOMPARABLE:
    return 409;
  case BBD_ETOOBIG:
    return 413;
  case BBD_EUNSUPPORTED:
    return 501;
  case BBD_ENOMEM:
  case BBD_EBUSY:
    return 503;
  case BBD_ETIMEOUT:
    return 504;
  case BBD_ENOSPC:
    return 507;
  default:
    return 500;
  }
}

void bbd_api_json(bbd_http_resp_t *r, int status, cJSON *doc) {
  r->status = status;
  r->content_type = "application/json";
  char *txt = doc ? cJSON_PrintUnformatted(doc) : NULL;
  cJSON_Delete(doc);
  if (txt == NULL) {
    static const char oom[] = "{\"error\":{\"code\":\"ENOMEM\",\"message\":"
                              "\"out of memory\",\"detail\":{}}}";
    r->status = 503;
    r->body = strdup(oom);
    r->len = r->body ? strlen(oom) : 0;
    return;
  }
  size_t n = strlen(txt);
  /* A trailing newline makes curl output and `jq` streams nicer. */
  char *b = realloc(txt, n + 2);
  if (b != NULL) {
    b[n++] = '\n';
    b[n] = '\0';
    txt = b;
  }
  r->body = txt;
  r->len = n;
}

void bbd_api_error(bbd_http_resp_t *r, int status, int code, const char *reason,
                   cJSON *detail) {
  cJSON *doc = cJSON_CreateObject();
  cJSON *e = cJSON_AddObjectToObject(doc, "error");
  cJSON_AddStringToObject(e, "code", bbd_err_name(code));
  cJSON_AddStringToObject(e, "message", bbd_strerror(code));
  if (detail == NULL)
    detail = cJSON_CreateObject();
  if (reason != NULL && !cJSON_HasObjectItem(detail, "reason")) {
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", reason);
    bbd_utf8_sanitize(buf);
    cJSON_AddStringToObject(detail, "reason", buf);
  }
  cJSON_AddItemToObject(e, "detail", detail);
  bbd_api_json(r, status, doc);
}

void bbd_api_fail(bbd_http_resp_t *r, int code, const char *reason) {
  bbd_api_error(r, bbd_api_status_of(code), code, reason, NULL);
}

void bbd_api_method_not_allowed(bbd_http_resp_t *r, const char *allow) {
  bbd_api_error(r, 405, BBD_EUNSUPPORTED, "method not allowed on this path",
                NULL);
  snprintf(r->headers, sizeof r->headers, "Allow: %s\r\n", allow);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int bbd_query_get(const char *query, const char *key, size_t nth, char *out,
                  size_t outlen) {
  if (query == NULL || outlen == 0)
    return 0;
  size_t klen = strlen(key);
  const char *p = query;
  while (*p) {
    const char *amp = strchr(p, '&');
    size_t plen = amp ? (size_t)(amp - p) : strlen(p);
    if (plen >= klen && strncmp(p, key, klen) == 0 &&
        (plen == klen || p[klen] == '=')) {
      if (nth > 0) {
        nth--;
      } else {
        const char *v = plen == klen ? p + plen : p + klen + 1;
        const char *end = p + plen;
        size_t o = 0;
        while (v < end) {
          char c = *v;
          if (c == '+') {
            c = ' ';
            v++;
          } else if (c == '%') {
            if (end - v < 3)
              return BBD_EPARSE;
            int hi = hexval(v[1]), lo = hexval(v[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
              return BBD_EPARSE;
            c = (char)(hi * 16 + lo);
            v += 3;
          } else {
            v++;
          }
          if (o + 1 >= outlen)
            return BBD_ERANGE;
          out[o++] = c;
        }
        out[o] = '\0';
        if (!bbd_utf8_valid(out, o))
          return BBD_EPARSE;
        return 1;
      }
    }
    if (amp == NULL)
      break;
    p = amp + 1;
  }
  return 0;
}

int bbd_query_int(const char *query, const char *key, int64_t lo, int64_t hi,
                  int64_t def, int64_t *out) {
  char buf[32];
  *out = def;
  int rc = bbd_query_get(query, key, 0, buf, sizeof buf);
  if (rc == 0)
    return 0;
  if (rc < 0)
    return BBD_EINVAL;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(buf, &end, 10);
  if (errno != 0 || end == buf || *end != '\0' || v < lo || v > hi)
    return BBD_EINVAL;
  *out = v;
  return 0;
}

cJSON *bbd_api_body(bbd_http_req_t *req, bbd_http_resp_t *resp) {
  const char *ct = req->content_type;
  if (ct[0] != '\0' && strncasecmp(ct, "application/json", 16) != 0 &&
      strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
    /* curl -d sends form-urlencoded by default; its body is still parsed as
     * JSON below, which is what every client of this API sends. */
    bbd_api_error(resp, 415, BBD_EUNSUPPORTED,
                  "request body must be application/json", NULL);
    return NULL;
  }
  if (req->body_len == 0)
    return cJSON_CreateObject();
  /* Whatever is accepted may be stored and echoed back: it must keep the
   * daemon's own JSON valid UTF-8 without embedded NULs. */
  if (!bbd_utf8_valid(req->body, req->body_len)) {
    bbd_api_error(resp, 400, BBD_EPARSE, "request body is not valid UTF-8",
                  NULL);
    return NULL;
  }
  if (!bbd_json_escapes_ok(req->body, req->body_len)) {
    bbd_api_error(resp, 400, BBD_EPARSE,
                  "request body has a \\u0000 or unpaired surrogate escape",
                  NULL);
    return NULL;
  }
  const char *endp = NULL;
  cJSON *doc = cJSON_ParseWithLengthOpts(req->body, req->body_len, &endp, 0);
  if (doc == NULL) {
    cJSON *d = cJSON_CreateObject();
    size_t off = endp && endp >= req->body ? (size_t)(endp - req->body) : 0;
    cJSON_AddNumberToObject(d, "offset", (double)off);
    bbd_api_error(resp, 400, BBD_EPARSE, "request body is not valid JSON", d);
    return NULL;
  }
  if (!cJSON_IsObject(doc)) {
    cJSON_Delete(doc);
    bbd_api_error(resp, 400, BBD_EINVAL, "request body must be a JSON object",
                  NULL);
    return NULL;
  }
  return doc;
}

/* Constant-time comparison, so response timing does not leak how many
 * leading characters of a guessed token were right. */
static int token_equal(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  unsigned char diff = (unsigned char)(la != lb);
  for (size_t i = 0; i < la && i < lb; i++)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}

static int is_mutating(int method) {
  return method != HTTP_GET && method != HTTP_HEAD && method != HTTP_OPTIONS;
}

/* "/api/v1/runs/42" with prefix "runs" -> rest "/42"; NULL if no match. */
static const char *match(const char *path, const char *res) {
  size_t n = strlen(res);
  if (strncmp(path, res, n) != 0)
    return NULL;
  if (path[n] == '\0' || path[n] == '/')
    return path + n;
  return NULL;
}

void bbd_api_handle(void *ud, bbd_http_req_t *req, bbd_http_resp_t *resp) {
  bbd_server_t *s = ud;
  const char *path = req->path;

  if (s->auth && is_mutating(req->method)) {
    const char *a = req->authorization;
    if (strncasecmp(a, "Bearer ", 7) != 0 || !token_equal(a + 7, s->token)) {
      bbd_api_error(resp, 401, BBD_EAUTH, "missing or invalid bearer token",
                    NULL);
      snprintf(resp->headers, sizeof resp->headers,
               "WWW-Authenticate: Bearer realm=\"bbd\"\r\n");
      return;
    }
  }
  if (s->stopping && is_mutating(req->method)) {
    bbd_api_error(resp, 503, BBD_EBUSY, "the daemon is shutting down", NULL);
    resp->close = 1;
    return;
  }

  /* Cached GET answers (see cache.h); /status and /events change on their
   * own and are never cached. */
  int cacheable = (req->method == HTTP_GET || req->method == HTTP_HEAD) &&
                  strncmp(path, "/api/v1/", 8) == 0 &&
                  strcmp(path, "/api/v1/status") != 0 &&
                  strcmp(path, "/api/v1/events") != 0;
  char key[2048];
  if (cacheable) {
    int n = snprintf(key, sizeof key, "%s?%s", path, req->query);
    cacheable = n > 0 && (size_t)n < sizeof key;
  }
  if (cacheable) {
    const bbd_cache_entry_t *e = bbd_cache_get(&s->cache, key, s->gen);
    if (e != NULL) {
      resp->status = 200;
      resp->content_type = e->content_type;
      resp->body = malloc(e->len ? e->len : 1);
      if (resp->body != NULL) {
        memcpy(resp->body, e->body, e->len);
        resp->len = e->len;
        snprintf(resp->headers, sizeof resp->headers,
                 "Cache-Control: no-store\r\n");
        return;
      }
    }
  }

  if (strncmp(path, "/api/", 5) == 0) {
    if (strncmp(path, "/api/v1/", 8) != 0) {
      bbd_api_fail(resp, BBD_ENOTFOUND, "unknown API version (use /api/v1)");
      return;
    }
    const char *p = path + 8;
    const char *rest;
    if ((rest = match(p, "status")) != NULL && rest[0] == '\0')
      bbd_api_status(s, req, resp, rest);
    else if ((rest = match(p, "plugins")) != NULL)
      bbd_api_plugins(s, req, resp, rest);
    else if ((rest = match(p, "benchmarks")) != NULL)
      bbd_api_benchmarks(s, req, resp, rest);
    else if ((rest = match(p, "runs")) != NULL)
      bbd_api_runs(s, req, resp, rest);
    else if ((rest = match(p, "events")) != NULL && rest[0] == '\0')
      bbd_api_events(s, req, resp, rest);
    else if ((rest = match(p, "compare")) != NULL && rest[0] == '\0')
      bbd_api_compare(s, req, resp, rest);
    else if ((rest = match(p, "baselines")) != NULL)
      bbd_api_baselines(s, req, resp, rest);
    else if ((rest = match(p, "history")) != NULL && rest[0] == '\0')
      bbd_api_history(s, req, resp, rest);
    else if ((rest = match(p, "maintenance")) != NULL)
      bbd_api_maintenance(s, req, resp, rest);
    else
      bbd_api_fail(resp, BBD_ENOTFOUND, "no such API endpoint");
    /* API answers must never be cached by a browser or proxy. */
    if (resp->headers[0] == '\0' && !resp->stream)
      snprintf(resp->headers, sizeof resp->headers,
               "Cache-Control: no-store\r\n");
    if (is_mutating(req->method))
      bbd_server_touch(s);
    else if (cacheable && resp->status == 200 && !resp->stream &&
             resp->body != NULL)
      bbd_cache_put(&s->cache, key, s->gen, resp->body, resp->len,
                    resp->content_type);
    return;
  }
  if (strcmp(path, "/metrics") == 0) {
    bbd_api_metrics(s, req, resp);
    return;
  }
  bbd_api_static(s, req, resp);
}
