/*
 * Unit tests of the HTTP layer (bbd/server/http.c) over a socketpair:
 * keep-alive and pipelining, limits (body, headers as wire bytes),
 * malformed input, and the SSE hub (events.c) with Last-Event-ID replay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <http_parser.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "events.h"
#include "http.h"

typedef struct fixture {
  uv_loop_t loop;
  bbd_log_t log;
  bbd_http_t *http;
  bbd_events_t *ev;
  int calls;
  bbd_conn_t *deferred; /* connection of a /defer request */
} fixture_t;

/* Echoes method, path and body length; /sse subscribes to events. */
static void handler(void *ud, bbd_http_req_t *req, bbd_http_resp_t *resp) {
  fixture_t *f = ud;
  f->calls++;
  if (strcmp(req->path, "/defer") == 0) {
    f->deferred = req->conn;
    resp->deferred = 1;
    return;
  }
  if (strcmp(req->path, "/sse") == 0) {
    resp->status = 200;
    resp->stream = 1;
    resp->content_type = "text/event-stream";
    return;
  }
  char *b = malloc(256);
  int n =
      snprintf(b, 256, "%s %s %zu", req->method_name, req->path, req->body_len);
  resp->status = 200;
  resp->content_type = "text/plain";
  resp->body = b;
  resp->len = (size_t)n;
}

static int setup(void **state) {
  fixture_t *f = calloc(1, sizeof *f);
  uv_loop_init(&f->loop);
  bbd_log_open(&f->log, BBD_LOG_LV_ERROR + 1, NULL, NULL, 0);
  bbd_http_limits_t lim = {1024, 2048, 16, 5000};
  f->http = bbd_http_new(&f->loop, &f->log, &lim, handler, f);
  f->ev = bbd_events_new(&f->loop);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture_t *f = *state;
  bbd_http_close(f->http);
  bbd_events_close(f->ev);
  uv_run(&f->loop, UV_RUN_DEFAULT);
  bbd_http_free(f->http);
  bbd_events_free(f->ev);
  assert_int_equal(uv_loop_close(&f->loop), 0);
  free(f);
  return 0;
}

/* Sends `in` on a fresh connection, half-closes, runs the loop until the
 * server closes, and returns everything it answered. */
static char *exchange(fixture_t *f, const char *in, size_t len) {
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  assert_int_equal(bbd_http_serve_fd(f->http, sv[0], NULL, 0), 0);
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(sv[1], in + off, len - off);
    if (w <= 0)
      break;
    off += (size_t)w;
    uv_run(&f->loop, UV_RUN_NOWAIT);
  }
  shutdown(sv[1], SHUT_WR);
  char *out = calloc(1, 1 << 20);
  size_t got = 0;
  for (int i = 0; i < 2000; i++) {
    uv_run(&f->loop, UV_RUN_NOWAIT);
    ssize_t r = recv(sv[1], out + got, (1 << 20) - 1 - got, MSG_DONTWAIT);
    if (r == 0)
      break;
    if (r > 0)
      got += (size_t)r;
    else
      usleep(1000);
  }
  close(sv[1]);
  uv_run(&f->loop, UV_RUN_NOWAIT);
  return out;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

static void test_pipelining(void **state) {
  fixture_t *f = *state;
  const char *in = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                   "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                   "GET /c%20d HTTP/1.1\r\nConnection: close\r\n\r\n"
                   "GET /never HTTP/1.1\r\n\r\n";
  char *out = exchange(f, in, strlen(in));
  assert_int_equal(count(out, "HTTP/1.1 200 OK"), 3);
  assert_non_null(strstr(out, "GET /a 0"));
  assert_non_null(strstr(out, "POST /b 3"));
  assert_non_null(strstr(out, "GET /c d 0"));
  assert_null(strstr(out, "/never"));
  /* Responses come in request order. */
  assert_true(strstr(out, "GET /a 0") < strstr(out, "POST /b 3"));
  free(out);
}

static void test_limits(void **state) {
  fixture_t *f = *state;
  char big[4096];
  snprintf(big, sizeof big, "POST /x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n");
  char *out = exchange(f, big, strlen(big));
  assert_non_null(strstr(out, "HTTP/1.1 413 "));
  assert_non_null(strstr(out, "\"code\":\"ETOOBIG\""));
  free(out);

  char hdr[4096];
  int n = snprintf(hdr, sizeof hdr, "GET / HTTP/1.1\r\nX: ");
  memset(hdr + n, 'a', 3000);
  memcpy(hdr + n + 3000, "\r\n\r\n", 5);
  out = exchange(f, hdr, strlen(hdr));
  assert_non_null(strstr(out, "HTTP/1.1 431 "));
  free(out);

  const char *chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "400\r\n";
  char *buf = malloc(8192);
  size_t len = strlen(chunked);
  memcpy(buf, chunked, len);
  memset(buf + len, 'z', 0x400);
  len += 0x400;
  memcpy(buf + len, "\r\n400\r\n", 7);
  len += 7;
  memset(buf + len, 'z', 0x400);
  len += 0x400;
  out = exchange(f, buf, len);
  assert_non_null(strstr(out, "HTTP/1.1 413 "));
  free(out);
  free(buf);

  out = exchange(f, "NOT HTTP\r\n\r\n", 12);
  assert_non_null(strstr(out, "HTTP/1.1 400 "));
  free(out);
  out = exchange(f, "GET / HTTP/2.0\r\n\r\n", 18);
  assert_non_null(strstr(out, "HTTP/1.1 505 "));
  free(out);
}

/* A GET request whose head (request line, headers, blank line) is exactly
 * `size` wire bytes (>= 26), padded with spaces after "X:" (whitespace
 * http-parser does not pass to the callbacks). */
static char *head_of(size_t size) {
  static const char pre[] = "GET /x HTTP/1.1\r\nX:";
  static const char post[] = "v\r\n\r\n";
  size_t fixed = sizeof pre - 1 + sizeof post - 1;
  char *h = malloc(size + 1);
  assert_non_null(h);
  assert_true(size > fixed);
  memcpy(h, pre, sizeof pre - 1);
  memset(h + sizeof pre - 1, ' ', size - fixed);
  memcpy(h + size - (sizeof post - 1), post, sizeof post);
  assert_int_equal(strlen(h), size);
  return h;
}

/* The header limit (2048 here) counts the head's bytes on the wire, not
 * the field and value bytes: padding whitespace and many short header
 * lines count; the body and earlier pipelined requests do not. */
static void test_header_limit_wire_bytes(void **state) {
  fixture_t *f = *state;
  char *h = head_of(2048);
  char *out = exchange(f, h, strlen(h));
  assert_non_null(strstr(out, "HTTP/1.1 200 OK"));
  assert_non_null(strstr(out, "GET /x 0"));
  free(out);
  free(h);

  /* One byte more, all of it whitespace: refused before the handler. */
  int calls = f->calls;
  h = head_of(2049);
  out = exchange(f, h, strlen(h));
  assert_non_null(strstr(out, "HTTP/1.1 431 "));
  assert_non_null(strstr(out, "\"code\":\"ETOOBIG\""));
  assert_int_equal(f->calls, calls);
  free(out);
  free(h);

  /* 600 headers "a:" are 600 field bytes but 2,400 wire bytes. */
  char *many = malloc(4096);
  assert_non_null(many);
  size_t n = (size_t)snprintf(many, 4096, "GET /x HTTP/1.1\r\n");
  for (int i = 0; i < 600; i++) {
    memcpy(many + n, "a:\r\n", 4);
    n += 4;
  }
  memcpy(many + n, "\r\n", 3);
  n += 2;
  out = exchange(f, many, n);
  assert_non_null(strstr(out, "HTTP/1.1 431 "));
  assert_int_equal(f->calls, calls);
  free(out);
  free(many);

  /* A long request line is a 414. */
  char line[3000];
  memcpy(line, "GET /", 5);
  memset(line + 5, 'a', 2500);
  memcpy(line + 2505, " HTTP/1.1\r\n\r\n", 14);
  out = exchange(f, line, 2505 + 13);
  assert_non_null(strstr(out, "HTTP/1.1 414 "));
  free(out);

  /* The limit is per request: three pipelined heads of 2,000 bytes and a
   * 1,000-byte body in between are all served; Expect: 100-continue is
   * still answered before the body. */
  char *pipe = malloc(16384);
  assert_non_null(pipe);
  h = head_of(2000);
  n = 0;
  memcpy(pipe + n, h, 2000);
  n += 2000;
  const char *post = "POST /b HTTP/1.1\r\nExpect: 100-continue\r\n"
                     "Content-Length: 1000\r\n\r\n";
  memcpy(pipe + n, post, strlen(post));
  n += strlen(post);
  memset(pipe + n, 'z', 1000);
  n += 1000;
  memcpy(pipe + n, h, 2000);
  n += 2000;
  memcpy(pipe + n, h, 2000);
  n += 2000;
  out = exchange(f, pipe, n);
  assert_int_equal(count(out, "HTTP/1.1 200 OK"), 4);
  assert_int_equal(count(out, "HTTP/1.1 100 Continue"), 1);
  assert_non_null(strstr(out, "POST /b 1000"));
  assert_true(strstr(out, "100 Continue") < strstr(out, "POST /b 1000"));
  free(out);
  free(pipe);
  free(h);
}

static void after_subscribe(bbd_conn_t *c, void *ud) {
  fixture_t *f = ud;
  bbd_events_subscribe(f->ev, c, 7, 1, NULL);
}

static void sse_handler(void *ud, bbd_http_req_t *req, bbd_http_resp_t *resp) {
  handler(ud, req, resp);
  if (resp->stream) {
    resp->after = after_subscribe;
    resp->after_ud = ud;
  }
}

static void test_events(void **state) {
  fixture_t *f = *state;
  /* Three events before the client connects; it says it saw id 1, so ids
   * 2 and 3 (run 7 only) are replayed, then live ones follow. */
  bbd_events_publish(f->ev, "run", 7, cJSON_CreateString("first"));
  bbd_events_publish(f->ev, "run", 8, cJSON_CreateString("other run"));
  bbd_events_publish(f->ev, "run", 7, cJSON_CreateString("third"));
  bbd_http_free(f->http);
  bbd_http_limits_t lim = {1024, 2048, 16, 5000};
  f->http = bbd_http_new(&f->loop, &f->log, &lim, sse_handler, f);
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  assert_int_equal(bbd_http_serve_fd(f->http, sv[0], NULL, 0), 0);
  const char *req = "GET /sse HTTP/1.1\r\n\r\n";
  assert_int_equal(write(sv[1], req, strlen(req)), (ssize_t)strlen(req));
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  assert_int_equal(bbd_events_subscribers(f->ev), 1);
  bbd_events_publish(f->ev, "result", 7, cJSON_CreateString("live"));
  bbd_events_publish(f->ev, "result", 9, cJSON_CreateString("filtered"));
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  char out[8192] = "";
  ssize_t r = recv(sv[1], out, sizeof out - 1, MSG_DONTWAIT);
  assert_true(r > 0);
  out[r] = '\0';
  assert_non_null(strstr(out, "text/event-stream"));
  assert_null(strstr(out, "\"first\""));
  assert_null(strstr(out, "other run"));
  assert_non_null(strstr(out, "id: 3\nevent: run\ndata: \"third\""));
  assert_non_null(strstr(out, "event: result\ndata: \"live\""));
  assert_null(strstr(out, "filtered"));
  close(sv[1]);
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  assert_int_equal(bbd_events_subscribers(f->ev), 0);
}

static void answer_deferred(fixture_t *f, const char *text) {
  bbd_http_resp_t r;
  memset(&r, 0, sizeof r);
  r.status = 200;
  r.content_type = "text/plain";
  r.body = strdup(text);
  r.len = strlen(text);
  bbd_http_respond(f->deferred, &r);
  f->deferred = NULL;
}

static void test_deferred(void **state) {
  fixture_t *f = *state;
  int sv[2];
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  assert_int_equal(bbd_http_serve_fd(f->http, sv[0], NULL, 0), 0);
  const char *in = "GET /defer HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n"
                   "Connection: close\r\n\r\n";
  assert_int_equal(write(sv[1], in, strlen(in)), (ssize_t)strlen(in));
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  /* Nothing is answered, and the pipelined request waits its turn. */
  assert_non_null(f->deferred);
  assert_int_equal(f->calls, 1);
  char out[4096] = "";
  assert_true(recv(sv[1], out, sizeof out, MSG_DONTWAIT) < 0);
  answer_deferred(f, "LATE");
  size_t got = 0;
  for (int i = 0; i < 200; i++) {
    uv_run(&f->loop, UV_RUN_NOWAIT);
    ssize_t r = recv(sv[1], out + got, sizeof out - 1 - got, MSG_DONTWAIT);
    if (r == 0)
      break;
    if (r > 0)
      got += (size_t)r;
    else
      usleep(1000);
  }
  out[got] = '\0';
  assert_int_equal(f->calls, 2);
  assert_non_null(strstr(out, "LATE"));
  assert_non_null(strstr(out, "GET /after 0"));
  assert_true(strstr(out, "LATE") < strstr(out, "GET /after 0"));
  close(sv[1]);

  /* The server shuts down before the answer (the connection is closed
   * under the handler): respond only releases the connection. */
  assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  assert_int_equal(bbd_http_serve_fd(f->http, sv[0], NULL, 0), 0);
  const char *one = "GET /defer HTTP/1.1\r\n\r\n";
  assert_int_equal(write(sv[1], one, strlen(one)), (ssize_t)strlen(one));
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  assert_non_null(f->deferred);
  bbd_http_close(f->http);
  for (int i = 0; i < 50; i++)
    uv_run(&f->loop, UV_RUN_NOWAIT);
  answer_deferred(f, "nobody listens");
  uv_run(&f->loop, UV_RUN_NOWAIT);
  close(sv[1]);
}

int main(void) {
  /* As in the daemon: a peer that went away is an EPIPE, not a signal. */
  signal(SIGPIPE, SIG_IGN);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_pipelining, setup, teardown),
      cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_header_limit_wire_bytes, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_events, setup, teardown),
      cmocka_unit_test_setup_teardown(test_deferred, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
