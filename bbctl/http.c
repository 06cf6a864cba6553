#include "http.h"

#include "err.h"
#include "exitcode.h"
#include "interrupt.h"
#include "output.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int bbctl_http_init(bbctl_t *c) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return BBCTL_EXIT_DAEMON;
  c->curl = curl_easy_init();
  return c->curl ? 0 : BBCTL_EXIT_DAEMON;
}

void bbctl_http_cleanup(bbctl_t *c) {
  if (c->curl)
    curl_easy_cleanup(c->curl);
  c->curl = NULL;
  curl_global_cleanup();
}

void bbctl_resp_free(bbctl_resp_t *r) {
  free(r->body);
  cJSON_Delete(r->json);
  memset(r, 0, sizeof *r);
}

int bbctl_set_url(bbctl_t *c, const char *url, char *err, size_t errlen) {
  size_t n = url ? strlen(url) : 0;
  if (n == 0 || n >= sizeof c->url)
    return bbd_errf(BBD_EINVAL, err, errlen, "--url: expected a URL");
  if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "--url: '%s' must start with http:// or https://", url);
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
      return bbd_errf(BBD_EINVAL, err, errlen,
                      "--url: control or space character in URL");
  memcpy(c->url, url, n + 1);
  while (n > 8 && c->url[n - 1] == '/')
    c->url[--n] = '\0';
  return 0;
}

char *bbctl_url_escape(const char *s, char *buf, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
                *p == '.' || *p == '~';
    size_t need = plain ? 1 : 3;
    if (o + need >= len)
      return NULL;
    if (plain) {
      buf[o++] = (char)*p;
    } else {
      buf[o++] = '%';
      buf[o++] = hex[*p >> 4];
      buf[o++] = hex[*p & 15];
    }
  }
  if (o >= len)
    return NULL;
  buf[o] = '\0';
  return buf;
}

static char *read_small_file(const char *path, int *missing) {
  FILE *f = fopen(path, "re");
  if (f == NULL) {
    *missing = (errno == ENOENT);
    return NULL;
  }
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  /* Tokens are one line; trailing newline and spaces are not part of it. */
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
                   buf[n - 1] == ' ' || buf[n - 1] == '\t'))
    buf[--n] = '\0';
  return n ? strdup(buf) : NULL;
}

int bbctl_url_is_loopback(const char *url) {
  const char *h = strstr(url, "://");
  if (h == NULL)
    return 0;
  h += 3;
  const char *at = strchr(h, '@');
  const char *slash = strchr(h, '/');
  if (at && (slash == NULL || at < slash))
    h = at + 1;
  if (strncmp(h, "localhost", 9) == 0 && strchr(":/", h[9] ? h[9] : '/'))
    return 1;
  if (strncmp(h, "[::1]", 5) == 0)
    return 1;
  return strncmp(h, "127.", 4) == 0;
}

char *bbctl_load_token(const char *opt_token, const char *opt_file, int *failed,
                       char *err, size_t errlen) {
  *failed = 0;
  if (opt_token && *opt_token)
    return strdup(opt_token);
  const char *env = getenv("BBD_TOKEN");
  if (env && *env)
    return strdup(env);
  const char *file = opt_file ? opt_file : getenv("BBD_TOKEN_FILE");
  int missing = 0;
  if (file && *file) {
    char *t = read_small_file(file, &missing);
    if (t == NULL) {
      *failed = 1;
      bbd_errf(BBD_EIO, err, errlen, "cannot read token file %s: %s", file,
               missing ? "no such file" : strerror(errno));
    }
    return t;
  }
  /* The daemon writes <data dir>/token (mode 0600) when it needs one; use
   * the same data-dir defaults it uses. A missing file just means no token. */
  char path[1024];
  const char *dd = getenv("BBD_DATA_DIR");
  const char *xdg = getenv("XDG_STATE_HOME");
  const char *home = getenv("HOME");
  int n;
  if (dd && *dd)
    n = snprintf(path, sizeof path, "%s/token", dd);
  else if (xdg && *xdg)
    n = snprintf(path, sizeof path, "%s/bbd/token", xdg);
  else if (home && *home)
    n = snprintf(path, sizeof path, "%s/.local/state/bbd/token", home);
  else
    return NULL;
  if (n < 0 || (size_t)n >= sizeof path)
    return NULL;
  return read_small_file(path, &missing);
}

struct sink {
  char *buf;
  size_t len, cap;
  int too_big;
};

static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *user) {
  struct sink *s = user;
  size_t n = size * nmemb;
  if (s->len + n + 1 > BBCTL_HTTP_MAX_BODY) {
    s->too_big = 1;
    return 0; /* aborts the transfer */
  }
  if (s->len + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + n + 1)
      cap *= 2;
    char *b = realloc(s->buf, cap);
    if (b == NULL)
      return 0;
    s->buf = b;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, ptr, n);
  s->len += n;
  s->buf[s->len] = '\0';
  return n;
}

/* Copies at most 80 bytes of an unexpected body into a message, printable
 * ASCII only, so garbage never reaches the terminal raw. */
static void snippet(const char *body, size_t len, char *out, size_t outlen) {
  size_t o = 0;
  for (size_t i = 0; i < len && i < 80 && o + 1 < outlen; i++) {
    unsigned char ch = (unsigned char)body[i];
    out[o++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '.';
  }
  out[o] = '\0';
}

static struct curl_slist *base_headers(bbctl_t *c, int json_body) {
  struct curl_slist *h = NULL, *t;
  h = curl_slist_append(NULL, "Accept: application/json");
  if (h && json_body) {
    t = curl_slist_append(h, "Content-Type: application/json");
    h = t ? t : h;
  }
  if (h && c->token) {
    char auth[600];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", c->token);
    t = curl_slist_append(h, auth);
    h = t ? t : h;
  }
  return h;
}

static void setup_common(bbctl_t *c, const char *url) {
  CURL *h = c->curl;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "bbctl/" BBCTL_VERSION);
  /* Only the daemon's own protocols: a redirect must not take the token
   * elsewhere. */
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
}

static void transport_msg(bbctl_t *c, CURLcode rc, const char *errbuf,
                          bbctl_resp_t *r) {
  snprintf(r->msg, sizeof r->msg,
           "cannot reach bbd at %s: %s (start it with `bbd`, or set --url / "
           "BBD_URL)",
           c->url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

/* Interprets status + body into r->json / r->code / r->msg. */
static int interpret(bbctl_resp_t *r) {
  char snip[96];
  if (r->len > 0) {
    r->json = cJSON_ParseWithLength(r->body, r->len);
    if (r->json == NULL) {
      snippet(r->body, r->len, snip, sizeof snip);
      snprintf(r->msg, sizeof r->msg,
               "daemon answered HTTP %ld with a body that is not JSON: "
               "\"%s\"",
               r->status, snip);
      return BBCTL_EXIT_DAEMON;
    }
  }
  if (r->status >= 200 && r->status < 300) {
    if (r->json != NULL && !cJSON_IsObject(r->json) &&
        !cJSON_IsArray(r->json)) {
      snprintf(r->msg, sizeof r->msg,
               "daemon answered HTTP %ld with a JSON scalar, expected an "
               "object",
               r->status);
      return BBCTL_EXIT_DAEMON;
    }
    return 0;
  }
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
  const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
  const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
  /* detail.reason says what exactly was wrong; message is the fixed text
   * of the code. */
  const cJSON *reason = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(e, "detail"), "reason");
  if (cJSON_IsString(reason) && reason->valuestring[0])
    msg = reason;
  if (cJSON_IsString(code))
    snprintf(r->code, sizeof r->code, "%s", code->valuestring);
  if (cJSON_IsString(msg))
    snprintf(r->msg, sizeof r->msg, "%s", msg->valuestring);
  else
    snprintf(r->msg, sizeof r->msg, "daemon answered HTTP %ld", r->status);
  if (r->code[0]) {
    size_t n = strlen(r->msg);
    snprintf(r->msg + n, sizeof r->msg - n, " (%s, HTTP %ld)", r->code,
             r->status);
  }
  /* The daemon's text reaches a terminal: no control bytes. */
  for (char *p = r->msg; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      *p = '?';
  for (char *p = r->code; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      *p = '?';
  return bbctl_exit_from_http(r->status, r->code[0] ? r->code : NULL);
}

int bbctl_http(bbctl_t *c, const char *method, const char *path,
               const cJSON *body, bbctl_resp_t *r) {
  memset(r, 0, sizeof *r);
  char url[2048];
  int n = snprintf(url, sizeof url, "%s%s", c->url, path);
  if (n < 0 || (size_t)n >= sizeof url) {
    snprintf(r->msg, sizeof r->msg, "request URL too long");
    return BBCTL_EXIT_USAGE;
  }
  char *payload = NULL;
  if (body) {
    payload = cJSON_PrintUnformatted(body);
    if (payload == NULL) {
      snprintf(r->msg, sizeof r->msg, "out of memory");
      return BBCTL_EXIT_DAEMON;
    }
  }
  CURL *h = c->curl;
  setup_common(c, url);
  struct sink s = {0};
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *hdrs = base_headers(c, payload != NULL);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
  if (strcmp(method, "GET") != 0)
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
  if (payload) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
  } else if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
  }
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(hdrs);
  free(payload);
  r->body = s.buf;
  r->len = s.len;
  if (rc != CURLE_OK) {
    if (s.too_big)
      snprintf(r->msg, sizeof r->msg,
               "daemon answer larger than %u MiB, refused",
               BBCTL_HTTP_MAX_BODY >> 20);
    else
      transport_msg(c, rc, errbuf, r);
    return BBCTL_EXIT_DAEMON;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
  return interpret(r);
}

int bbctl_http_or_fail(bbctl_t *c, const char *what, const char *method,
                       const char *path, const cJSON *body, bbctl_resp_t *r) {
  int rc = bbctl_http(c, method, path, body, r);
  if (rc != 0)
    return bbctl_fail(c, rc, "%s: %s", what, r->msg);
  return 0;
}

struct stream {
  bbctl_sse_t sse;
  struct sink err_body; /* body of a non-2xx answer */
  long status;
  CURL *h;
  long idle_ms;
  struct timespec last;
  int idle;
  int nomem;
};

static double since_ms(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t->tv_sec) * 1e3 +
         (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

static size_t stream_write(char *ptr, size_t size, size_t nmemb, void *user) {
  struct stream *st = user;
  size_t n = size * nmemb;
  if (st->status == 0)
    curl_easy_getinfo(st->h, CURLINFO_RESPONSE_CODE, &st->status);
  if (st->status < 200 || st->status >= 300)
    return sink_write(ptr, size, nmemb, &st->err_body);
  unsigned long before = st->sse.dispatched;
  int rc = bbctl_sse_feed(&st->sse, ptr, n);
  if (st->sse.dispatched != before)
    clock_gettime(CLOCK_MONOTONIC, &st->last);
  if (rc == -2)
    st->nomem = 1;
  return rc == 0 ? n : 0;
}

static int stream_progress(void *user, curl_off_t dt, curl_off_t dn,
                           curl_off_t ut, curl_off_t un) {
  struct stream *st = user;
  if (bbctl_interrupted())
    return 1; /* Ctrl-C: stop following (the caller reports it) */
  if (since_ms(&st->last) > (double)st->idle_ms) {
    st->idle = 1;
    return 1; /* aborts with CURLE_ABORTED_BY_CALLBACK */
  }
  return 0;
}

int bbctl_http_stream(bbctl_t *c, const char *path, long idle_ms, char *last_id,
                      bbctl_sse_cb cb, void *user, bbctl_resp_t *r) {
  memset(r, 0, sizeof *r);
  char url[2048];
  int n = snprintf(url, sizeof url, "%s%s", c->url, path);
  if (n < 0 || (size_t)n >= sizeof url) {
    snprintf(r->msg, sizeof r->msg, "request URL too long");
    return -BBCTL_EXIT_USAGE;
  }
  CURL *h = c->curl;
  setup_common(c, url);
  struct stream st;
  memset(&st, 0, sizeof st);
  st.h = h;
  st.idle_ms = idle_ms;
  clock_gettime(CLOCK_MONOTONIC, &st.last);
  bbctl_sse_init(&st.sse, cb, user);
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *hdrs = base_headers(c, 0);
  struct curl_slist *t = curl_slist_append(hdrs, "Accept: text/event-stream");
  hdrs = t ? t : hdrs;
  if (last_id && last_id[0]) {
    char lh[128];
    snprintf(lh, sizeof lh, "Last-Event-ID: %s", last_id);
    t = curl_slist_append(hdrs, lh);
    hdrs = t ? t : hdrs;
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, stream_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &st);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, stream_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &st);
  CURLcode rc = curl_easy_perform(h);
  curl_slist_free_all(hdrs);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
  int out;
  if (st.sse.stopped) {
    out = BBCTL_STREAM_STOPPED;
  } else if (st.idle) {
    out = BBCTL_STREAM_IDLE;
  } else if (st.nomem) {
    snprintf(r->msg, sizeof r->msg, "out of memory reading events");
    out = -BBCTL_EXIT_DAEMON;
  } else if (rc != CURLE_OK && r->status == 0) {
    transport_msg(c, rc, errbuf, r);
    out = -BBCTL_EXIT_DAEMON;
  } else if (r->status < 200 || r->status >= 300) {
    r->body = st.err_body.buf;
    r->len = st.err_body.len;
    st.err_body.buf = NULL;
    out = -interpret(r);
  } else {
    out = BBCTL_STREAM_ENDED;
  }
  if (last_id && st.sse.last_id[0])
    snprintf(last_id, 64, "%s", st.sse.last_id);
  free(st.err_body.buf);
  bbctl_sse_free(&st.sse);
  return out;
}
