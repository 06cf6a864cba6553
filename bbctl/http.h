/*
 * The HTTP/JSON client of bbctl, on libcurl. One easy handle lives in the
 * context so consecutive requests reuse the keep-alive connection.
 *
 * Contract with the daemon (docs/API.md): JSON bodies; errors as
 * {"error":{"code":"ENAME","message":"...","detail":{...}}} with a 4xx/5xx
 * status. Anything else (HTML, truncated JSON, a 2xx without JSON) is
 * treated as a broken daemon: exit code 3 with a message that says what
 * arrived.
 */
#ifndef BBCTL_HTTP_H
#define BBCTL_HTTP_H

#include "ctx.h"
#include "sse.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* Responses above this size are refused: no daemon answer is that big. */
#define BBCTL_HTTP_MAX_BODY (64u << 20)

typedef struct bbctl_resp {
  long status; /* HTTP status, 0 when nothing arrived */
  char *body;  /* raw body, NUL-terminated (owned) */
  size_t len;
  cJSON *json;   /* parsed body or NULL (owned) */
  char code[48]; /* daemon error code name ("ENOTFOUND") or "" */
  char msg[512]; /* human description of the failure or "" */
} bbctl_resp_t;

/* Initialises libcurl and the handle in `c`. Returns 0 or 3. */
int bbctl_http_init(bbctl_t *c);
void bbctl_http_cleanup(bbctl_t *c);

/*
 * Performs METHOD url+path with an optional JSON body. Returns 0 when the
 * status is 2xx and the body (if any) is JSON; otherwise the exit code
 * (bbctl_exit_from_http) with r->msg describing the failure. The caller
 * frees r with bbctl_resp_free() in every case.
 */
int bbctl_http(bbctl_t *c, const char *method, const char *path,
               const cJSON *body, bbctl_resp_t *r);

/* bbctl_http() followed, on failure, by printing r->msg (via bbctl_fail)
 * prefixed with `what`. Returns the same code. */
int bbctl_http_or_fail(bbctl_t *c, const char *what, const char *method,
                       const char *path, const cJSON *body, bbctl_resp_t *r);

void bbctl_resp_free(bbctl_resp_t *r);

/* Outcome of a stream. */
enum {
  BBCTL_STREAM_STOPPED = 0, /* the callback asked to stop */
  BBCTL_STREAM_ENDED = 1,   /* the server closed the stream */
  BBCTL_STREAM_IDLE = 2,    /* nothing arrived for idle_ms */
};

/*
 * GETs an SSE stream and feeds it to `cb` until the callback stops it, the
 * server ends it, or no event (comments such as keep-alive pings do not
 * count) arrives for idle_ms. `last_id` (in/out, 64 bytes) is sent as
 * Last-Event-ID when non-empty, so the daemon replays what was missed, and
 * receives the id of the last event seen. Returns one of BBCTL_STREAM_*
 * (>= 0), or a negated exit code (-3, -7) when the stream could not be
 * opened, with r->msg set.
 */
int bbctl_http_stream(bbctl_t *c, const char *path, long idle_ms, char *last_id,
                      bbctl_sse_cb cb, void *user, bbctl_resp_t *r);

/* Percent-encodes `s` for a path segment or query value into buf. Returns
 * buf, or NULL if it does not fit. */
char *bbctl_url_escape(const char *s, char *buf, size_t len);

/* Reads the token: --token value (may be NULL), else $BBD_TOKEN, else the
 * file --token-file / $BBD_TOKEN_FILE, else <data dir>/token where the data
 * dir is $BBD_DATA_DIR, $XDG_STATE_HOME/bbd or ~/.local/state/bbd. Returns
 * a malloc'ed token or NULL. An explicitly named file that cannot be read is
 * an error (returns NULL and sets *failed). */
char *bbctl_load_token(const char *opt_token, const char *opt_file, int *failed,
                       char *err, size_t errlen);

/* 1 when url's host is loopback (127.0.0.0/8, localhost, [::1]). The token
 * found in the local data dir by default is only sent to such a daemon: it
 * belongs to the local bbd, not to whatever remote BBD_URL names. */
int bbctl_url_is_loopback(const char *url);

/* Validates and normalises a base URL into c->url (strips trailing '/').
 * Only http:// and https:// are accepted. Returns 0 or BBD_EINVAL. */
int bbctl_set_url(bbctl_t *c, const char *url, char *err, size_t errlen);

#endif
