/* `bbctl run`/`ab` argv -> POST /api/v1/runs body, and the progress line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exitcode.h"
#include "runreq.h"
#include "wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bbctl_t ctx(FILE *err) {
  bbctl_t c;
  memset(&c, 0, sizeof c);
  c.out = stdout;
  c.err = err;
  return c;
}

/* Parses a space-separated command line; returns the exit code and the
 * compact JSON body (caller frees) in *json. */
static int parse(const char *line, int ab, char **json) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", line);
  char *argv[64];
  int argc = 0;
  for (char *s = strtok(buf, " "); s && argc < 63; s = strtok(NULL, " "))
    argv[argc++] = s;
  argv[argc] = NULL;
  FILE *devnull = fopen("/dev/null", "w");
  bbctl_t c = ctx(devnull);
  bbctl_conn_opts_t co = {0};
  bbctl_run_opts_t o;
  int rc = bbctl_run_parse(&c, &co, ab, argc, argv, &o);
  *json = NULL;
  if (rc == 0) {
    cJSON *req = bbctl_run_request(&o, NULL, NULL);
    *json = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
  }
  fclose(devnull);
  return rc;
}

static void expect(const char *line, int ab, const char *want) {
  char *json;
  assert_int_equal(parse(line, ab, &json), 0);
  assert_string_equal(json, want);
  free(json);
}

static void expect_usage(const char *line, int ab) {
  char *json;
  assert_int_equal(parse(line, ab, &json), BBCTL_EXIT_USAGE);
  assert_null(json);
}

static void test_run_request(void **state) {
  expect("run", 0, "{}");
  expect("run fx_cost/* serialization/*tiny*", 0,
         "{\"filters\":[\"fx_cost/*\",\"serialization/*tiny*\"]}");
  expect("run --quick -p work=1000 --param size=4", 0,
         "{\"params\":{\"work\":\"1000\",\"size\":\"4\"},"
         "\"settings\":{\"quick\":true}}");
  expect("run --samples 20 --warmup 200ms --measure 1.5", 0,
         "{\"settings\":{\"samples\":20,\"warmup_s\":0.2,\"measure_s\":1.5}}");
  expect("run --tag git_sha=abc --tag branch=main --baseline main "
         "--save-baseline nightly --threshold 2.5 --force",
         0,
         "{\"stats\":{\"threshold\":0.025},\"tags\":{\"git_sha\":\"abc\","
         "\"branch\":\"main\"},\"compare_to\":{\"baseline\":\"main\"},"
         "\"force\":true,\"save_baseline\":\"nightly\"}");
  /* Options after operands (GNU permutation). */
  expect("run x/* --quick", 0,
         "{\"filters\":[\"x/*\"],\"settings\":{\"quick\":true}}");
}

static void test_ab_request(void **state) {
  expect("ab /a /b fx/* --order random --max-rounds 50 --budget 5 "
         "--threshold 1",
         1,
         "{\"filters\":[\"fx/*\"],\"ab\":{\"a_dir\":\"/a\",\"b_dir\":\"/b\","
         "\"order\":\"random\",\"max_rounds\":50,\"budget_s\":5,"
         "\"threshold\":0.01}}");
  expect_usage("ab /only-one", 1);
  expect_usage("ab /a /b --order sideways", 1);
  expect_usage("ab /a /b --min-rounds 10 --max-rounds 5", 1);
  /* --baseline belongs to run, not ab. */
  expect_usage("ab /a /b --baseline main", 1);
}

static void test_run_usage_errors(void **state) {
  expect_usage("run --samples 0", 0);
  expect_usage("run --samples many", 0);
  expect_usage("run --warmup -1", 0);
  expect_usage("run --threshold 0", 0);
  expect_usage("run -p novalue", 0);
  expect_usage("run -p k=1 -p k=2", 0);
  expect_usage("run --tag =x", 0);
  expect_usage("run --save-baseline bad/name", 0);
  expect_usage("run --save-baseline latest", 0);
  expect_usage("run --bogus", 0);
  expect_usage("run --samples", 0);
  expect_usage("run --detach --fail-on-inconclusive", 0);
}

static void test_progress_line(void **state) {
  char b[256];
  bbctl_progress_line(b, sizeof b, 0, 4, "fx/a", "measure", 5, 10, 8);
  assert_string_equal(b, "[#.......]   1/4   fx/a  measure 5/10");
  bbctl_progress_line(b, sizeof b, 2, 4, "fx/c", "", 0, 0, 8);
  assert_string_equal(b, "[####....]   3/4   fx/c");
  bbctl_progress_line(b, sizeof b, 4, 4, "fx/d", NULL, 0, 0, 8);
  assert_string_equal(b, "[########]   4/4   fx/d");
  /* Garbage counts from a daemon cannot overflow the bar. */
  bbctl_progress_line(b, sizeof b, 9, 4, "x", "measure", 99, 10, 8);
  assert_non_null(strstr(b, "[########]"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_request),
      cmocka_unit_test(test_ab_request),
      cmocka_unit_test(test_run_usage_errors),
      cmocka_unit_test(test_progress_line),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
