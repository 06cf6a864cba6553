#include "http.h"

#include "err.h"
#include "utf8.h"

#include <http_parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A client that stops reading may hold at most this much queued output
 * before we stop reading its requests (pipelined GETs of large runs). */
#define WRITE_HIGH_WATER (8u << 20)
#define WRITE_LOW_WATER (1u << 20)
/* An SSE subscriber this far behind is dropped rather than buffered. */
#define STREAM_MAX_QUEUE (1u << 20)

enum { HDR_NONE = -1, HDR_AUTH, HDR_CTYPE, HDR_LASTID, HDR_EXPECT, HDR_N };

static const char *const hdr_names[HDR_N] = {"authorization", "content-type",
                                             "last-event-id", "expect"};
static const size_t hdr_caps[HDR_N] = {1024, 256, 64, 64};

struct bbd_conn {
  union {
    uv_handle_t handle;
    uv_stream_t stream;
    uv_tcp_t tcp;
    uv_pipe_t pipe;
  } h;
  uv_timer_t timer;
  http_parser parser;
  bbd_http_t *srv;
  bbd_conn_t *prev, *next;
  int open_handles;

  /* The request being parsed. */
  char *url;
  size_t url_len;
  /* Wire bytes of the current request head (request line, header lines,
   * line ends, and blank lines before the request), counted by feed():
   * the header limit applies to what the client sends, not to the field
   * and value bytes http-parser hands to the callbacks. */
  size_t head_wire;
  int in_body;    /* the head is complete; the body (if any) is being read */
  int saw_header; /* a header field was seen: an overflow is a 431, not 414 */
  char field[32];
  size_t field_len;
  int field_done; /* a value followed the current field */
  int cur_hdr;
  char *hdr[HDR_N];
  size_t hdr_len[HDR_N];
  char *body;
  size_t body_len, body_cap;
  int in_message;
  /* When the current request head started (uv_now ms), 0 outside a head:
   * a head must be complete within the idle timeout of its first byte, so
   * a client dripping bytes (slowloris) cannot hold its slot forever. */
  uint64_t head_start_ms;

  int err_status; /* set by a callback that rejects the request */
  const char *err_code;
  const char *err_msg;

  int closing;
  int streaming;
  int read_paused;
  int no_more;        /* no further requests are parsed on this connection */
  int deferred;       /* a handler answers later (bbd_http_respond) */
  int dead;           /* closed while deferred: freed by bbd_http_respond */
  int d_keep, d_head; /* keep-alive / HEAD of the deferred request */
  char *pending;      /* bytes received behind a deferred request */
  size_t pending_len;
  int lingering; /* final response sent: draining input until EOF */
  uv_shutdown_t shut;
  void (*on_close)(bbd_conn_t *, void *);
  void *on_close_ud;
};

struct bbd_http {
  uv_loop_t *loop;
  bbd_log_t *log;
  bbd_http_limits_t lim;
  bbd_http_handler_fn handler;
  void *ud;
  http_parser_settings settings;
  uv_tcp_t tcp;
  int tcp_open;
  uv_pipe_t pipe;
  int pipe_open;
  int closing;
  bbd_conn_t *conns;
  char bound[128];
  int bound_port;
  bbd_http_stats_t stats;
  time_t date_at;
  char date[64];
};

typedef struct write_req {
  uv_write_t req;
  bbd_conn_t *c;
  char *head;
  char *body;
  int close_after;
} write_req_t;

const char *bbd_http_reason(int s) {
  switch (s) {
  case 100:
    return "Continue";
  case 200:
    return "OK";
  case 201:
    return "Created";
  case 202:
    return "Accepted";
  case 204:
    return "No Content";
  case 301:
    return "Moved Permanently";
  case 304:
    return "Not Modified";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 411:
    return "Length Required";
  case 413:
    return "Content Too Large";
  case 414:
    return "URI Too Long";
  case 415:
    return "Unsupported Media Type";
  case 422:
    return "Unprocessable Content";
  case 429:
    return "Too Many Requests";
  case 431:
    return "Request Header Fields Too Large";
  case 500:
    return "Internal Server Error";
  case 501:
    return "Not Implemented";
  case 503:
    return "Service Unavailable";
  case 507:
    return "Insufficient Storage";
  default:
    return "Unknown";
  }
}

/* ---- connection lifetime ------------------------------------------------ */

static void reset_request(bbd_conn_t *c) {
  free(c->url);
  c->url = NULL;
  c->url_len = 0;
  c->field_len = 0;
  c->field_done = 0;
  c->cur_hdr = HDR_NONE;
  for (int i = 0; i < HDR_N; i++) {
    free(c->hdr[i]);
    c->hdr[i] = NULL;
    c->hdr_len[i] = 0;
  }
  free(c->body);
  c->body = NULL;
  c->body_len = c->body_cap = 0;
  c->in_message = 0;
}

static void on_handle_closed(uv_handle_t *hd) {
  bbd_conn_t *c = hd->data;
  if (--c->open_handles > 0)
    return;
  reset_request(c);
  free(c->pending);
  c->pending = NULL;
  if (c->deferred) {
    /* A handler still holds c and will call bbd_http_respond(). */
    c->dead = 1;
    return;
  }
  free(c);
}

static void conn_close(bbd_conn_t *c) {
  if (c->closing)
    return;
  c->closing = 1;
  bbd_http_t *s = c->srv;
  if (c->prev)
    c->prev->next = c->next;
  else
    s->conns = c->next;
  if (c->next)
    c->next->prev = c->prev;
  c->prev = c->next = NULL;
  s->stats.connections_open--;
  if (c->streaming)
    s->stats.streams_open--;
  if (c->on_close) {
    void (*cb)(bbd_conn_t *, void *) = c->on_close;
    c->on_close = NULL;
    cb(c, c->on_close_ud);
  }
  uv_timer_stop(&c->timer);
  uv_close((uv_handle_t *)&c->timer, on_handle_closed);
  uv_close(&c->h.handle, on_handle_closed);
}

static void touch(bbd_conn_t *c) {
  if (c->closing || c->streaming || c->lingering)
    return;
  /* Bytes of a request head that is already overdue do not extend the
   * connection's life: the pending idle timer closes it. */
  if (c->head_start_ms != 0 && uv_now(c->srv->loop) - c->head_start_ms >=
                                   (uint64_t)c->srv->lim.idle_timeout_ms)
    return;
  uv_timer_again(&c->timer);
}

static void on_idle(uv_timer_t *t) {
  bbd_conn_t *c = t->data;
  if (!c->streaming)
    conn_close(c);
}

static void conn_resume(bbd_conn_t *c);

static void on_shutdown(uv_shutdown_t *req, int status) {
  (void)req;
  (void)status;
}

/*
 * Closing right after the last response while the client is still sending
 * (a rejected 1 MiB body, pipelined requests) makes the kernel answer with a
 * RST that can destroy the response before the client reads it. So the
 * write side is shut down first and input is drained until the client
 * closes or a short timer fires.
 */
static void conn_linger(bbd_conn_t *c) {
  if (c->lingering || c->closing)
    return;
  c->lingering = 1;
  c->no_more = 1;
  if (uv_shutdown(&c->shut, &c->h.stream, on_shutdown) < 0) {
    conn_close(c);
    return;
  }
  if (c->read_paused) {
    c->read_paused = 0;
    conn_resume(c);
  }
  uv_timer_start(&c->timer, on_idle, 2000, 0);
}

/* ---- writing ------------------------------------------------------------ */

static void on_written(uv_write_t *req, int status) {
  write_req_t *w = (write_req_t *)req;
  bbd_conn_t *c = w->c;
  free(w->head);
  free(w->body);
  int close_after = w->close_after;
  free(w);
  if (c->closing)
    return;
  if (status < 0) {
    conn_close(c);
    return;
  }
  if (close_after) {
    conn_linger(c);
    return;
  }
  touch(c);
  if (c->read_paused &&
      uv_stream_get_write_queue_size(&c->h.stream) < WRITE_LOW_WATER) {
    c->read_paused = 0;
    conn_resume(c);
  }
}

/* Queues head + body (both malloc'd, owned from here on). */
static int queue_write(bbd_conn_t *c, char *head, size_t hlen, char *body,
                       size_t blen, int close_after) {
  if (c->closing) {
    free(head);
    free(body);
    return BBD_ESTATE;
  }
  write_req_t *w = calloc(1, sizeof *w);
  if (w == NULL) {
    free(head);
    free(body);
    conn_close(c);
    return BBD_ENOMEM;
  }
  w->c = c;
  w->head = head;
  w->body = body;
  w->close_after = close_after;
  uv_buf_t bufs[2];
  unsigned n = 0;
  if (head != NULL && hlen > 0)
    bufs[n++] = uv_buf_init(head, (unsigned)hlen);
  if (body != NULL && blen > 0)
    bufs[n++] = uv_buf_init(body, (unsigned)blen);
  if (n == 0) {
    /* Nothing to send; still honour close_after through the callback. */
    bufs[n++] = uv_buf_init((char *)"", 0);
  }
  int rc = uv_write(&w->req, &c->h.stream, bufs, n, on_written);
  if (rc < 0) {
    free(head);
    free(body);
    free(w);
    conn_close(c);
    return BBD_EIO;
  }
  return 0;
}

static const char *http_date(bbd_http_t *s) {
  time_t now = time(NULL);
  if (now != s->date_at) {
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(s->date, sizeof s->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    s->date_at = now;
  }
  return s->date;
}

static void send_response(bbd_conn_t *c, bbd_http_resp_t *r, int head_only) {
  bbd_http_t *s = c->srv;
  int st = r->status;
  if (st >= 500)
    s->stats.responses_5xx++;
  else if (st >= 400)
    s->stats.responses_4xx++;
  else if (st >= 300)
    s->stats.responses_3xx++;
  else
    s->stats.responses_2xx++;

  char *head = malloc(1024);
  if (head == NULL) {
    free(r->body);
    r->body = NULL;
    conn_close(c);
    return;
  }
  int n;
  const char *conn_hdr = r->close ? "close" : "keep-alive";
  if (r->stream) {
    n = snprintf(head, 1024,
                 "HTTP/1.1 %d %s\r\nDate: %s\r\nContent-Type: %s\r\n"
                 "Cache-Control: no-store\r\nConnection: keep-alive\r\n"
                 "X-Accel-Buffering: no\r\n%s\r\n",
                 st, bbd_http_reason(st), http_date(s),
                 r->content_type ? r->content_type : "text/event-stream",
                 r->headers);
  } else if (st == 204 || st == 304) {
    /* No body and, per RFC 9110, no Content-Length for these. */
    n = snprintf(head, 1024,
                 "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: bbd\r\n"
                 "Connection: %s\r\n%s\r\n",
                 st, bbd_http_reason(st), http_date(s), conn_hdr, r->headers);
  } else {
    n = snprintf(head, 1024,
                 "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: bbd\r\n"
                 "Content-Type: %s\r\nContent-Length: %zu\r\n"
                 "Connection: %s\r\n%s\r\n",
                 st, bbd_http_reason(st), http_date(s),
                 r->content_type ? r->content_type : "application/json", r->len,
                 conn_hdr, r->headers);
  }
  if (n < 0 || n >= 1024) {
    /* Extra headers are produced by our own handlers and are short; a cut
     * header block would be a bug, so fail closed. */
    free(head);
    free(r->body);
    r->body = NULL;
    conn_close(c);
    return;
  }
  char *body = r->body;
  size_t blen = r->len;
  r->body = NULL;
  if (head_only || st == 204 || st == 304 || r->stream) {
    free(body);
    body = NULL;
    blen = 0;
  }
  queue_write(c, head, (size_t)n, body, blen, r->close && !r->stream);
  if (!c->closing &&
      uv_stream_get_write_queue_size(&c->h.stream) > WRITE_HIGH_WATER &&
      !c->read_paused) {
    c->read_paused = 1;
    uv_read_stop(&c->h.stream);
  }
}

/* A JSON error response produced by the HTTP layer itself (before routing),
 * with the same shape as the API's errors. */
static void send_error(bbd_conn_t *c, int status, const char *code,
                       const char *msg, int close) {
  bbd_http_resp_t r;
  memset(&r, 0, sizeof r);
  r.status = status;
  r.content_type = "application/json";
  r.close = close;
  char *body = malloc(512);
  if (body != NULL) {
    int n = snprintf(body, 512,
                     "{\"error\":{\"code\":\"%s\",\"message\":\"%s\","
                     "\"detail\":{}}}\n",
                     code, msg);
    r.body = body;
    r.len = n > 0 && n < 512 ? (size_t)n : 0;
  }
  send_response(c, &r, 0);
}

/* ---- parsing callbacks -------------------------------------------------- */

static int reject(bbd_conn_t *c, int status, const char *code,
                  const char *msg) {
  c->err_status = status;
  c->err_code = code;
  c->err_msg = msg;
  return 1; /* makes http_parser_execute stop with HPE_CB_* */
}

static int on_message_begin(http_parser *p) {
  bbd_conn_t *c = p->data;
  reset_request(c);
  c->in_message = 1;
  c->head_start_ms = uv_now(c->srv->loop);
  if (c->head_start_ms == 0)
    c->head_start_ms = 1;
  return 0;
}

static int on_url(http_parser *p, const char *at, size_t len) {
  bbd_conn_t *c = p->data;
  if (c->url_len + len > c->srv->lim.max_header)
    return reject(c, 414, "ETOOBIG", "request target too long");
  char *u = realloc(c->url, c->url_len + len + 1);
  if (u == NULL)
    return reject(c, 503, "ENOMEM", "out of memory");
  memcpy(u + c->url_len, at, len);
  c->url_len += len;
  u[c->url_len] = '\0';
  c->url = u;
  return 0;
}

static int on_header_field(http_parser *p, const char *at, size_t len) {
  bbd_conn_t *c = p->data;
  c->saw_header = 1;
  if (c->field_done) {
    c->field_len = 0;
    c->field_done = 0;
    c->cur_hdr = HDR_NONE;
  }
  for (size_t i = 0; i < len; i++) {
    if (c->field_len + 1 < sizeof c->field) {
      char ch = at[i];
      if (ch >= 'A' && ch <= 'Z')
        ch = (char)(ch - 'A' + 'a');
      c->field[c->field_len++] = ch;
    } else {
      /* Longer than any header we read: mark as unknown. */
      c->field_len = sizeof c->field;
      break;
    }
  }
  return 0;
}

static int on_header_value(http_parser *p, const char *at, size_t len) {
  bbd_conn_t *c = p->data;
  if (!c->field_done) {
    c->field_done = 1;
    c->cur_hdr = HDR_NONE;
    if (c->field_len < sizeof c->field) {
      c->field[c->field_len] = '\0';
      for (int i = 0; i < HDR_N; i++) {
        if (strcmp(c->field, hdr_names[i]) == 0) {
          c->cur_hdr = i;
          /* A repeated header replaces the earlier one. */
          c->hdr_len[i] = 0;
        }
      }
    }
  }
  int h = c->cur_hdr;
  if (h == HDR_NONE)
    return 0;
  if (c->hdr_len[h] + len >= hdr_caps[h])
    return reject(c, 431, "ETOOBIG", "request header value too large");
  if (c->hdr[h] == NULL) {
    c->hdr[h] = malloc(hdr_caps[h]);
    if (c->hdr[h] == NULL)
      return reject(c, 503, "ENOMEM", "out of memory");
  }
  memcpy(c->hdr[h] + c->hdr_len[h], at, len);
  c->hdr_len[h] += len;
  c->hdr[h][c->hdr_len[h]] = '\0';
  return 0;
}

static int on_headers_complete(http_parser *p) {
  bbd_conn_t *c = p->data;
  c->head_start_ms = 0;
  /* Here 1 and 2 mean "skip the body" / "upgrade" to http-parser; only
   * other values are errors, hence -1. */
  if (p->http_major != 1) {
    reject(c, 505, "EUNSUPPORTED", "only HTTP/1.x is supported");
    return -1;
  }
  /* http-parser sets content_length to ULLONG_MAX when absent. */
  if (p->content_length != ULLONG_MAX &&
      p->content_length > c->srv->lim.max_body) {
    reject(c, 413, "ETOOBIG", "request body too large");
    return -1;
  }
  /* Pausing here lets feed() check the head's wire size before the
   * request goes further (and before a 100 Continue invites the body). */
  c->in_body = 1;
  http_parser_pause(p, 1);
  return 0;
}

/* The head passed every check: answer Expect: 100-continue. */
static void head_accepted(bbd_conn_t *c) {
  if (c->hdr[HDR_EXPECT] != NULL &&
      strcasecmp(c->hdr[HDR_EXPECT], "100-continue") == 0) {
    char *cont = strdup("HTTP/1.1 100 Continue\r\n\r\n");
    if (cont != NULL)
      queue_write(c, cont, strlen(cont), NULL, 0, 0);
  }
}

static int on_body(http_parser *p, const char *at, size_t len) {
  bbd_conn_t *c = p->data;
  if (c->body_len + len > c->srv->lim.max_body)
    return reject(c, 413, "ETOOBIG", "request body too large");
  if (c->body_len + len + 1 > c->body_cap) {
    size_t cap = c->body_cap ? c->body_cap : 1024;
    while (cap < c->body_len + len + 1)
      cap *= 2;
    char *b = realloc(c->body, cap);
    if (b == NULL)
      return reject(c, 503, "ENOMEM", "out of memory");
    c->body = b;
    c->body_cap = cap;
  }
  memcpy(c->body + c->body_len, at, len);
  c->body_len += len;
  c->body[c->body_len] = '\0';
  return 0;
}

/* Decodes %XX escapes of a URL path in place; returns -1 on a bad escape or
 * an encoded NUL (which would cut the path short and hide what follows). */
static int percent_decode(char *s) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (*r == '%') {
      int hi, lo;
      char a = r[1], b = a ? r[2] : 0;
      hi = (a >= '0' && a <= '9')   ? a - '0'
           : (a >= 'a' && a <= 'f') ? a - 'a' + 10
           : (a >= 'A' && a <= 'F') ? a - 'A' + 10
                                    : -1;
      lo = (b >= '0' && b <= '9')   ? b - '0'
           : (b >= 'a' && b <= 'f') ? b - 'a' + 10
           : (b >= 'A' && b <= 'F') ? b - 'A' + 10
                                    : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        return -1;
      *w++ = (char)(hi * 16 + lo);
      r += 2;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
  return 0;
}

/* Pausing the parser makes http_parser_execute return after this message,
 * so pipelined bytes behind a final response are never handled. */
static void stop_parsing(bbd_conn_t *c) {
  http_parser_pause(&c->parser, 1);
  c->no_more = 1;
}

static int on_message_complete(http_parser *p) {
  bbd_conn_t *c = p->data;
  bbd_http_t *s = c->srv;
  s->stats.requests_total++;
  c->in_message = 0;
  /* The next request's head starts after this byte: feed() resumes at this
   * pause and counts from here. */
  c->in_body = 0;
  c->head_wire = 0;
  c->saw_header = 0;
  http_parser_pause(p, 1);

  int keep = http_should_keep_alive(p) && !s->closing;
  struct http_parser_url u;
  http_parser_url_init(&u);
  if (c->url == NULL ||
      http_parser_parse_url(c->url, c->url_len, p->method == HTTP_CONNECT,
                            &u) != 0 ||
      !(u.field_set & (1 << UF_PATH))) {
    send_error(c, 400, "EPARSE", "malformed request target", 1);
    stop_parsing(c);
    return 0;
  }
  size_t plen = u.field_data[UF_PATH].len;
  char *path = malloc(plen + 1);
  char *query = NULL;
  if (path == NULL) {
    send_error(c, 503, "ENOMEM", "out of memory", 1);
    stop_parsing(c);
    return 0;
  }
  memcpy(path, c->url + u.field_data[UF_PATH].off, plen);
  path[plen] = '\0';
  if (u.field_set & (1 << UF_QUERY)) {
    query = c->url + u.field_data[UF_QUERY].off;
    query[u.field_data[UF_QUERY].len] = '\0';
  }
  if (percent_decode(path) != 0 || !bbd_utf8_valid(path, strlen(path))) {
    free(path);
    send_error(c, 400, "EPARSE", "malformed percent-encoding or UTF-8 in path",
               !keep);
    if (!keep)
      stop_parsing(c);
    reset_request(c);
    return 0;
  }

  bbd_http_req_t req;
  memset(&req, 0, sizeof req);
  req.method = p->method;
  req.method_name = http_method_str(p->method);
  req.path = path;
  req.query = query ? query : "";
  req.body = c->body ? c->body : "";
  req.body_len = c->body_len;
  req.authorization = c->hdr[HDR_AUTH] ? c->hdr[HDR_AUTH] : "";
  req.content_type = c->hdr[HDR_CTYPE] ? c->hdr[HDR_CTYPE] : "";
  req.last_event_id = c->hdr[HDR_LASTID] ? c->hdr[HDR_LASTID] : "";
  req.conn = c;

  bbd_http_resp_t resp;
  memset(&resp, 0, sizeof resp);
  resp.status = 500;
  resp.content_type = "application/json";
  s->handler(s->ud, &req, &resp);
  free(path);
  if (resp.deferred) {
    /* The answer comes later from bbd_http_respond(). Parsing and reading
     * stop until then, so pipelined requests keep their order. */
    free(resp.body);
    c->deferred = 1;
    c->d_keep = keep;
    c->d_head = p->method == HTTP_HEAD;
    uv_timer_stop(&c->timer);
    uv_read_stop(&c->h.stream);
    http_parser_pause(p, 1);
    reset_request(c);
    return 0;
  }
  if (!keep)
    resp.close = 1;
  if (resp.stream) {
    c->streaming = 1;
    s->stats.streams_open++;
    uv_timer_stop(&c->timer);
  }
  send_response(c, &resp, p->method == HTTP_HEAD);
  if (resp.after != NULL)
    resp.after(c, resp.after_ud);
  reset_request(c);
  if (resp.close || resp.stream || c->closing)
    stop_parsing(c); /* no more requests on this connection */
  return 0;
}

/* ---- reading ------------------------------------------------------------ */

static void on_alloc(uv_handle_t *hd, size_t suggested, uv_buf_t *buf) {
  (void)hd;
  (void)suggested;
  /* 64 KiB per read keeps a 1 MiB body to ~16 reads without holding a big
   * buffer per idle connection (libuv allocates only when data is ready). */
  buf->base = malloc(65536);
  buf->len = buf->base ? 65536 : 0;
}

/* Answers a request head over the size limit and stops reading requests. */
static void head_too_large(bbd_conn_t *c) {
  if (c->saw_header)
    send_error(c, 431, "ETOOBIG", "request headers too large", 1);
  else
    send_error(c, 414, "ETOOBIG", "request line too long", 1);
  stop_parsing(c);
}

/*
 * Parses received bytes; answers parse errors and enforces the header limit
 * on wire bytes. The parser pauses at two boundaries, the end of a head
 * (on_headers_complete) and the end of a message (on_message_complete), so
 * feed() knows which bytes belong to a head: while a head is being read it
 * hands the parser at most max_header + 1 - (bytes of the head so far), so
 * an oversized head is refused after at most one byte too many, whatever
 * its shape (long lines, many short headers, padding whitespace).
 */
static void feed(bbd_conn_t *c, const char *data, size_t len) {
  bbd_http_t *s = c->srv;
  size_t max = s->lim.max_header;
  size_t off = 0;
  while (off < len && !c->closing) {
    int in_head = !c->in_body;
    size_t n = len - off;
    if (in_head && n > max + 1 - c->head_wire)
      n = max + 1 - c->head_wire;
    size_t done = http_parser_execute(&c->parser, &s->settings, data + off, n);
    off += done;
    enum http_errno e = HTTP_PARSER_ERRNO(&c->parser);
    if (in_head) {
      c->head_wire += done;
      /* Paused at the end of the head: the parser stopped before the final
       * LF (it consumes it when resumed); that byte is part of the head. */
      if (c->in_body && e == HPE_PAUSED)
        c->head_wire++;
      if (c->head_wire > max && (e == HPE_OK || e == HPE_PAUSED)) {
        head_too_large(c);
        return;
      }
      if (c->in_body && e == HPE_PAUSED)
        head_accepted(c);
    }
    if (e == HPE_PAUSED) {
      if (c->deferred && !c->closing && off < len) {
        /* Keep what follows the deferred request (at most one read buffer:
         * reading is stopped) until the answer has been sent. */
        char *p = realloc(c->pending, c->pending_len + (len - off));
        if (p == NULL) {
          conn_close(c);
          return;
        }
        memcpy(p + c->pending_len, data + off, len - off);
        c->pending = p;
        c->pending_len += len - off;
      }
      if (c->deferred || c->no_more || c->streaming || c->closing)
        return;
      /* A boundary pause (see above): go on with the next bytes. */
      http_parser_pause(&c->parser, 0);
      continue;
    }
    if (e != HPE_OK)
      break;
    if (done < n)
      return; /* an upgrade request: http-parser stops; the rest is ignored */
  }
  enum http_errno e = HTTP_PARSER_ERRNO(&c->parser);
  if (e == HPE_OK || e == HPE_PAUSED || c->closing)
    return;
  if (c->err_status != 0) {
    send_error(c, c->err_status, c->err_code, c->err_msg, 1);
  } else {
    char msg[160];
    snprintf(msg, sizeof msg, "malformed HTTP request: %s",
             http_errno_description(e));
    send_error(c, 400, "EPARSE", msg, 1);
  }
  c->no_more = 1;
}

static void on_read(uv_stream_t *st, ssize_t nread, const uv_buf_t *buf) {
  bbd_conn_t *c = st->data;
  if (nread < 0) {
    free(buf->base);
    conn_close(c);
    return;
  }
  if (nread == 0 || c->closing) {
    free(buf->base);
    return;
  }
  if (c->streaming || c->no_more ||
      (HTTP_PARSER_ERRNO(&c->parser) == HPE_PAUSED && !c->deferred)) {
    /* An SSE client or a connection we are closing: input is ignored. */
    free(buf->base);
    return;
  }
  touch(c);
  if (c->deferred) {
    /* Bytes that were already in flight when reading stopped. */
    char *p = realloc(c->pending, c->pending_len + (size_t)nread);
    if (p != NULL) {
      memcpy(p + c->pending_len, buf->base, (size_t)nread);
      c->pending = p;
      c->pending_len += (size_t)nread;
    }
    free(buf->base);
    return;
  }
  feed(c, buf->base, (size_t)nread);
  free(buf->base);
}

static void conn_resume(bbd_conn_t *c) {
  if (!c->closing)
    uv_read_start(&c->h.stream, on_alloc, on_read);
}

/* Allocates and links a connection; is_tcp picks the handle type. */
static bbd_conn_t *conn_new(bbd_http_t *s, int is_tcp) {
  bbd_conn_t *c = calloc(1, sizeof *c);
  if (c == NULL)
    return NULL;
  c->srv = s;
  c->cur_hdr = HDR_NONE;
  int rc = is_tcp ? uv_tcp_init(s->loop, &c->h.tcp)
                  : uv_pipe_init(s->loop, &c->h.pipe, 0);
  if (rc < 0) {
    free(c);
    return NULL;
  }
  c->h.handle.data = c;
  uv_timer_init(s->loop, &c->timer);
  c->timer.data = c;
  c->open_handles = 2;
  /* Link first so conn_close() can unlink on every path below. */
  c->next = s->conns;
  if (s->conns)
    s->conns->prev = c;
  s->conns = c;
  s->stats.connections_open++;
  s->stats.connections_total++;
  return c;
}

/* Starts serving an accepted/adopted connection. */
static void conn_start(bbd_conn_t *c) {
  bbd_http_t *s = c->srv;
  http_parser_init(&c->parser, HTTP_REQUEST);
  c->parser.data = c;
  uv_timer_start(&c->timer, on_idle, (uint64_t)s->lim.idle_timeout_ms,
                 (uint64_t)s->lim.idle_timeout_ms);
  if (s->stats.connections_open > s->lim.max_connections) {
    s->stats.rejected_connections++;
    send_error(c, 503, "EBUSY", "too many connections", 1);
    return;
  }
  uv_read_start(&c->h.stream, on_alloc, on_read);
}

static void on_connection(uv_stream_t *server, int status) {
  bbd_http_t *s = server->data;
  if (status < 0 || s->closing)
    return;
  int is_tcp = server == (uv_stream_t *)&s->tcp;
  bbd_conn_t *c = conn_new(s, is_tcp);
  if (c == NULL)
    return;
  if (uv_accept(server, &c->h.stream) < 0) {
    conn_close(c);
    return;
  }
  if (is_tcp)
    uv_tcp_nodelay(&c->h.tcp, 1);
  conn_start(c);
}

int bbd_http_serve_fd(bbd_http_t *s, int fd, char *err, size_t errlen) {
  if (s->closing)
    return bbd_errf(BBD_ESTATE, err, errlen, "server is closing");
  bbd_conn_t *c = conn_new(s, 0);
  if (c == NULL)
    return bbd_errf(BBD_ENOMEM, err, errlen, "out of memory");
  int rc = uv_pipe_open(&c->h.pipe, fd);
  if (rc < 0) {
    conn_close(c);
    return bbd_errf(BBD_EIO, err, errlen, "adopt fd %d: %s", fd,
                    uv_strerror(rc));
  }
  conn_start(c);
  return 0;
}

/* ---- public ------------------------------------------------------------- */

bbd_http_t *bbd_http_new(uv_loop_t *loop, bbd_log_t *log,
                         const bbd_http_limits_t *limits,
                         bbd_http_handler_fn handler, void *ud) {
  bbd_http_t *s = calloc(1, sizeof *s);
  if (s == NULL)
    return NULL;
  s->loop = loop;
  s->log = log;
  s->lim = *limits;
  s->handler = handler;
  s->ud = ud;
  http_parser_settings_init(&s->settings);
  s->settings.on_message_begin = on_message_begin;
  s->settings.on_url = on_url;
  s->settings.on_header_field = on_header_field;
  s->settings.on_header_value = on_header_value;
  s->settings.on_headers_complete = on_headers_complete;
  s->settings.on_body = on_body;
  s->settings.on_message_complete = on_message_complete;
  return s;
}

int bbd_http_listen_tcp(bbd_http_t *s, const char *host, int port, char *err,
                        size_t errlen) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  int v6 = strchr(host, ':') != NULL;
  int rc = v6 ? uv_ip6_addr(host, port, (struct sockaddr_in6 *)&ss)
              : uv_ip4_addr(host, port, (struct sockaddr_in *)&ss);
  if (rc < 0)
    return bbd_errf(BBD_EINVAL, err, errlen,
                    "listen: '%s' is not a numeric IP address", host);
  uv_tcp_init(s->loop, &s->tcp);
  s->tcp.data = s;
  s->tcp_open = 1;
  rc = uv_tcp_bind(&s->tcp, (struct sockaddr *)&ss, 0);
  if (rc == 0)
    rc = uv_listen((uv_stream_t *)&s->tcp, 511, on_connection);
  if (rc < 0)
    return bbd_errf(BBD_EIO, err, errlen, "listen on %s%s%s:%d: %s",
                    v6 ? "[" : "", host, v6 ? "]" : "", port, uv_strerror(rc));
  struct sockaddr_storage got;
  int len = sizeof got;
  uv_tcp_getsockname(&s->tcp, (struct sockaddr *)&got, &len);
  char ip[64] = "?";
  if (got.ss_family == AF_INET6) {
    uv_ip6_name((struct sockaddr_in6 *)&got, ip, sizeof ip);
    s->bound_port = ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
    snprintf(s->bound, sizeof s->bound, "[%s]:%d", ip, s->bound_port);
  } else {
    uv_ip4_name((struct sockaddr_in *)&got, ip, sizeof ip);
    s->bound_port = ntohs(((struct sockaddr_in *)&got)->sin_port);
    snprintf(s->bound, sizeof s->bound, "%s:%d", ip, s->bound_port);
  }
  return 0;
}

int bbd_http_listen_unix(bbd_http_t *s, const char *path, char *err,
                         size_t errlen) {
  struct stat st;
  if (lstat(path, &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return bbd_errf(BBD_EEXIST, err, errlen,
                      "unix socket %s: exists and is not a socket", path);
    /* A stale socket from a previous daemon; the data-dir lock guarantees
     * no live daemon of ours owns it. */
    unlink(path);
  }
  uv_pipe_init(s->loop, &s->pipe, 0);
  s->pipe.data = s;
  s->pipe_open = 1;
  int rc = uv_pipe_bind(&s->pipe, path);
  if (rc == 0) {
    chmod(path, 0600);
    rc = uv_listen((uv_stream_t *)&s->pipe, 511, on_connection);
  }
  if (rc < 0)
    return bbd_errf(BBD_EIO, err, errlen, "listen on unix:%s: %s", path,
                    uv_strerror(rc));
  return 0;
}

const char *bbd_http_bound(const bbd_http_t *s) {
  return s->bound;
}

int bbd_http_bound_port(const bbd_http_t *s) {
  return s->bound_port;
}

const bbd_http_stats_t *bbd_http_stats(const bbd_http_t *s) {
  return &s->stats;
}

void bbd_http_close(bbd_http_t *s) {
  if (s->closing)
    return;
  s->closing = 1;
  if (s->tcp_open)
    uv_close((uv_handle_t *)&s->tcp, NULL);
  if (s->pipe_open)
    uv_close((uv_handle_t *)&s->pipe, NULL);
  while (s->conns != NULL)
    conn_close(s->conns);
}

void bbd_http_free(bbd_http_t *s) {
  free(s);
}

int bbd_http_stream_write(bbd_conn_t *c, const char *data, size_t len) {
  if (c->closing || !c->streaming)
    return BBD_ESTATE;
  if (uv_stream_get_write_queue_size(&c->h.stream) > STREAM_MAX_QUEUE)
    return BBD_EBUSY;
  char *copy = malloc(len ? len : 1);
  if (copy == NULL)
    return BBD_ENOMEM;
  memcpy(copy, data, len);
  return queue_write(c, NULL, 0, copy, len, 0);
}

void bbd_http_stream_close(bbd_conn_t *c) {
  conn_close(c);
}

void bbd_http_on_close(bbd_conn_t *c, void (*cb)(bbd_conn_t *, void *),
                       void *ud) {
  c->on_close = cb;
  c->on_close_ud = ud;
}

int bbd_http_conn_open(const bbd_conn_t *c) {
  return c != NULL && !c->closing;
}

void bbd_http_respond(bbd_conn_t *c, bbd_http_resp_t *r) {
  if (c == NULL || !c->deferred) {
    free(r->body);
    r->body = NULL;
    return;
  }
  if (c->dead) {
    /* The client went away meanwhile: nothing to send. */
    free(r->body);
    r->body = NULL;
    free(c);
    return;
  }
  c->deferred = 0;
  if (!c->d_keep)
    r->close = 1;
  r->stream = 0;
  send_response(c, r, c->d_head);
  if (c->closing)
    return;
  if (r->close) {
    c->no_more = 1;
    return;
  }
  touch(c);
  http_parser_pause(&c->parser, 0);
  char *pending = c->pending;
  size_t plen = c->pending_len;
  c->pending = NULL;
  c->pending_len = 0;
  if (plen > 0)
    feed(c, pending, plen);
  free(pending);
  if (!c->closing && !c->deferred && !c->no_more && !c->streaming &&
      !c->read_paused)
    conn_resume(c);
}
