/*
 * HTTP/1.1 server on the libuv loop: keep-alive, pipelining, limits, and a
 * streaming mode for Server-Sent Events. Requests are parsed by http-parser
 * (never by hand); each complete request is handed to one handler function,
 * synchronously, which fills a response.
 *
 * Limits (all from the config): request line + headers, counted as bytes
 * on the wire (431, or 414 while still in the request line), body
 * (413, checked against Content-Length before the body arrives and again
 * while a chunked body streams in), concurrent connections (503), and idle
 * time (the connection is closed). A malformed request gets a 400 and the
 * connection is closed; nothing a client sends can stop the loop.
 */
#ifndef BBD_SERVER_HTTP_H
#define BBD_SERVER_HTTP_H

#include "log.h"

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

typedef struct bbd_http bbd_http_t;
typedef struct bbd_conn bbd_conn_t;

typedef struct bbd_http_req {
  int method;              /* enum http_method */
  const char *method_name; /* "GET", ... */
  char *path;              /* percent-decoded path, NUL-terminated */
  const char *query;       /* raw query string after '?', or "" */
  const char *body;        /* NUL-terminated copy of the body, or "" */
  size_t body_len;
  const char *authorization; /* header values, "" when absent */
  const char *content_type;
  const char *last_event_id;
  bbd_conn_t *conn;
} bbd_http_req_t;

typedef struct bbd_http_resp {
  int status;
  const char *content_type; /* static string */
  char *body;               /* malloc'd; the server frees it */
  size_t len;
  char headers[512]; /* extra header lines, each ending in "\r\n" */
  int close;         /* close the connection after this response */
  int stream;        /* keep the connection open for bbd_http_stream_write
                        (no Content-Length; used for text/event-stream) */
  /* The handler answers later with bbd_http_respond(req->conn, ...), e.g.
   * after work in the libuv thread pool; nothing is sent now. */
  int deferred;
  /* Called right after the response head was queued (streams start
   * writing here, so their bytes follow the head). */
  void (*after)(bbd_conn_t *c, void *ud);
  void *after_ud;
} bbd_http_resp_t;

typedef void (*bbd_http_handler_fn)(void *ud, bbd_http_req_t *req,
                                    bbd_http_resp_t *resp);

typedef struct bbd_http_limits {
  size_t max_body;
  size_t max_header;
  int max_connections;
  int idle_timeout_ms;
} bbd_http_limits_t;

/* Counters exported on /metrics. */
typedef struct bbd_http_stats {
  uint64_t connections_total;
  uint64_t requests_total;
  uint64_t responses_2xx, responses_3xx, responses_4xx, responses_5xx;
  uint64_t rejected_connections;
  int connections_open;
  int streams_open;
} bbd_http_stats_t;

/* Creates a server (no listening yet). */
bbd_http_t *bbd_http_new(uv_loop_t *loop, bbd_log_t *log,
                         const bbd_http_limits_t *limits,
                         bbd_http_handler_fn handler, void *ud);

/* Binds and listens on host:port (port 0 picks one); the bound address is
 * then available from bbd_http_bound(). */
int bbd_http_listen_tcp(bbd_http_t *h, const char *host, int port, char *err,
                        size_t errlen);

/* Listens on a Unix socket (an existing socket file is replaced). */
int bbd_http_listen_unix(bbd_http_t *h, const char *path, char *err,
                         size_t errlen);

/* Serves one already-connected stream socket (a Unix socketpair end, a
 * socket passed by a supervisor). The server owns fd from here on. Used by
 * the HTTP fuzzer to drive the real request path without a listener. */
int bbd_http_serve_fd(bbd_http_t *h, int fd, char *err, size_t errlen);

/* "127.0.0.1:8740" or "[::1]:8740". */
const char *bbd_http_bound(const bbd_http_t *h);
int bbd_http_bound_port(const bbd_http_t *h);

const bbd_http_stats_t *bbd_http_stats(const bbd_http_t *h);

/* Stops accepting and closes every connection; in-flight writes are
 * dropped. After the loop has run the close callbacks, free with
 * bbd_http_free(). */
void bbd_http_close(bbd_http_t *h);
void bbd_http_free(bbd_http_t *h);

/* Streaming (SSE). Writes raw bytes on a connection whose response had
 * `stream` set. Returns 0, or BBD_EBUSY if the client reads too slowly (the
 * caller should close it), or BBD_ESTATE if the connection is closing. */
int bbd_http_stream_write(bbd_conn_t *c, const char *data, size_t len);

/* Sends the answer of a request whose handler set `deferred`. Must be
 * called exactly once per deferred request, from the loop thread; if the
 * client has gone away meanwhile, this only releases the connection.
 * Takes ownership of r->body. Requests pipelined behind the deferred one
 * are parsed afterwards, in order. */
void bbd_http_respond(bbd_conn_t *c, bbd_http_resp_t *r);

/* 1 while the connection is open (not closing). */
int bbd_http_conn_open(const bbd_conn_t *c);

/* Closes a streaming connection. */
void bbd_http_stream_close(bbd_conn_t *c);

/* Calls cb(c, ud) once when the connection goes away (client closed, error,
 * shutdown), so subscribers can forget it. */
void bbd_http_on_close(bbd_conn_t *c, void (*cb)(bbd_conn_t *, void *),
                       void *ud);

/* Reason phrase of a status code. */
const char *bbd_http_reason(int status);

#endif
