/*
 * Incremental parser for the Server-Sent Events stream of the daemon
 * (text/event-stream, WHATWG HTML §9.2). libcurl delivers arbitrary chunks;
 * this turns them into (event, data) pairs. There is no Debian library for
 * SSE, and the format is line-based:
 *
 *   event: progress\n        <- optional, type of the next dispatch
 *   data: {"benchmark":..}\n <- repeated data lines are joined with '\n'
 *   id: 17\n                 <- remembered, sent as Last-Event-ID on reconnect
 *   : keep-alive\n           <- comment, ignored
 *   \n                       <- blank line dispatches the event
 *
 * Lines may end in \n, \r\n or \r. Every buffer is bounded: a line or an
 * event longer than BBCTL_SSE_MAX is dropped whole (and counted), never
 * truncated into something that parses differently.
 */
#ifndef BBCTL_SSE_H
#define BBCTL_SSE_H

#include <stddef.h>

#define BBCTL_SSE_MAX (1u << 20)

/* Called per dispatched event; a non-zero return stops the parser (and
 * the transfer). `event` is "message" when the stream gave no type. */
typedef int (*bbctl_sse_cb)(void *user, const char *event, const char *data);

typedef struct bbctl_sse {
  char *line;
  size_t line_len, line_cap;
  char *data;
  size_t data_len, data_cap;
  char event[64];
  int skip_line;  /* the current line overflowed: ignore until newline */
  int skip_event; /* the current event overflowed: drop at dispatch */
  int last_cr;    /* the previous chunk ended in '\r' */
  int stopped;    /* the callback asked to stop */
  unsigned long dropped;
  unsigned long dispatched; /* events handed to the callback */
  char last_id[64];         /* the last "id:" seen, for Last-Event-ID */
  bbctl_sse_cb cb;
  void *user;
} bbctl_sse_t;

void bbctl_sse_init(bbctl_sse_t *p, bbctl_sse_cb cb, void *user);

/* Feeds a chunk. Returns 0, 1 when the callback asked to stop, or -2 when
 * out of memory. */
int bbctl_sse_feed(bbctl_sse_t *p, const char *buf, size_t len);

void bbctl_sse_free(bbctl_sse_t *p);

#endif
