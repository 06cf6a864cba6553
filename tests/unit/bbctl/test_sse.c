/* The Server-Sent Events parser, fed in awkward chunks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rec {
  char log[4096];
  int n;
  int stop_after;
};

static int cb(void *user, const char *event, const char *data) {
  struct rec *r = user;
  size_t len = strlen(r->log);
  snprintf(r->log + len, sizeof r->log - len, "[%s|%s]", event, data);
  r->n++;
  return r->stop_after && r->n >= r->stop_after;
}

/* Feeds `s` one byte at a time and whole, and checks both give `want`. */
static void check(const char *s, const char *want) {
  struct rec r1 = {0}, r2 = {0};
  bbctl_sse_t p;
  bbctl_sse_init(&p, cb, &r1);
  for (size_t i = 0; s[i]; i++)
    assert_int_equal(bbctl_sse_feed(&p, s + i, 1), 0);
  bbctl_sse_free(&p);
  bbctl_sse_init(&p, cb, &r2);
  assert_int_equal(bbctl_sse_feed(&p, s, strlen(s)), 0);
  bbctl_sse_free(&p);
  assert_string_equal(r1.log, want);
  assert_string_equal(r2.log, want);
}

static void test_basic(void **state) {
  check("event: progress\ndata: {\"a\":1}\n\n", "[progress|{\"a\":1}]");
  check("data: x\n\n", "[message|x]");
  check("data:x\n\n", "[message|x]");
  check("data: a\ndata: b\n\n", "[message|a\nb]");
  check(": keep-alive\n\ndata: y\n\n", "[message|y]");
  check("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r", "[a|1][b|2]");
  check("id: 7\nretry: 100\ndata: z\n\n", "[message|z]");
  /* An event without a blank line is not dispatched yet. */
  check("data: pending\n", "");
  /* An event type with no data dispatches nothing and resets. */
  check("event: x\n\ndata: y\n\n", "[message|y]");
}

static void test_stop(void **state) {
  struct rec r = {.stop_after = 1};
  bbctl_sse_t p;
  bbctl_sse_init(&p, cb, &r);
  const char *s = "data: 1\n\ndata: 2\n\n";
  assert_int_equal(bbctl_sse_feed(&p, s, strlen(s)), 1);
  assert_int_equal(bbctl_sse_feed(&p, s, strlen(s)), 1);
  assert_int_equal(r.n, 1);
  bbctl_sse_free(&p);
}

static void test_oversize_dropped(void **state) {
  struct rec r = {0};
  bbctl_sse_t p;
  bbctl_sse_init(&p, cb, &r);
  size_t big = BBCTL_SSE_MAX + 10;
  char *s = malloc(big);
  assert_non_null(s);
  memset(s, 'x', big);
  memcpy(s, "data: ", 6);
  assert_int_equal(bbctl_sse_feed(&p, s, big), 0);
  assert_int_equal(bbctl_sse_feed(&p, "\n\ndata: ok\n\n", 12), 0);
  free(s);
  /* The huge event is dropped whole, the next one arrives intact. */
  assert_string_equal(r.log, "[message|ok]");
  assert_int_equal(p.dropped, 1);
  bbctl_sse_free(&p);
}

static void test_garbage(void **state) {
  /* Binary junk must not crash or dispatch nonsense events. */
  struct rec r = {0};
  bbctl_sse_t p;
  bbctl_sse_init(&p, cb, &r);
  unsigned char junk[4096];
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof junk; i++) {
    x = x * 1103515245u + 12345u;
    junk[i] = (unsigned char)(x >> 16);
  }
  assert_true(bbctl_sse_feed(&p, (const char *)junk, sizeof junk) >= 0);
  bbctl_sse_free(&p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_basic),
      cmocka_unit_test(test_stop),
      cmocka_unit_test(test_oversize_dropped),
      cmocka_unit_test(test_garbage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
