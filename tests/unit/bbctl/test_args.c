/* Argument parsing, filters and the exit-code contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api.h"
#include "args.h"
#include "err.h"
#include "exitcode.h"
#include "http.h"
#include "output.h"

#include <string.h>

static void test_long(void **state) {
  char err[128];
  long v = 0;
  assert_int_equal(
      bbctl_parse_long("--samples", "10", 2, 100, &v, err, sizeof err), 0);
  assert_int_equal(v, 10);
  assert_int_equal(
      bbctl_parse_long("--samples", "1", 2, 100, &v, err, sizeof err),
      BBD_ERANGE);
  assert_non_null(strstr(err, "--samples"));
  assert_int_equal(
      bbctl_parse_long("--samples", "10x", 2, 100, &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(
      bbctl_parse_long("--samples", "-5", 2, 100, &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(
      bbctl_parse_long("--samples", "", 2, 100, &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(bbctl_parse_long("--limit", "99999999999999999999", 1, 1000,
                                    &v, err, sizeof err),
                   BBD_ERANGE);
}

static void test_seconds(void **state) {
  char err[128];
  double v;
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "0.5", 0, 60, &v, err, sizeof err), 0);
  assert_true(v == 0.5);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "250ms", 0, 60, &v, err, sizeof err), 0);
  assert_true(v == 0.25);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "3s", 0, 60, &v, err, sizeof err), 0);
  assert_true(v == 3);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "3h", 0, 60, &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "nan", 0, 60, &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "61", 0, 60, &v, err, sizeof err),
      BBD_ERANGE);
  assert_int_equal(
      bbctl_parse_seconds("--warmup", "-1", 0, 60, &v, err, sizeof err),
      BBD_EINVAL);
}

static void test_percent(void **state) {
  char err[128];
  double v;
  assert_int_equal(bbctl_parse_percent("--threshold", "5", &v, err, sizeof err),
                   0);
  assert_true(v == 5);
  assert_int_equal(
      bbctl_parse_percent("--threshold", "2.5%", &v, err, sizeof err), 0);
  assert_true(v == 2.5);
  assert_int_equal(bbctl_parse_percent("--threshold", "0", &v, err, sizeof err),
                   BBD_ERANGE);
  assert_int_equal(
      bbctl_parse_percent("--threshold", "5x", &v, err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(
      bbctl_parse_percent("--threshold", "inf", &v, err, sizeof err),
      BBD_EINVAL);
}

static void test_kv(void **state) {
  char err[128];
  char s1[] = "size=1024", s2[] = "=x", s3[] = "novalue",
       s4[] = "git_sha=", s5[] = "a b=c";
  char *k, *v;
  assert_int_equal(bbctl_parse_kv("-p", s1, &k, &v, err, sizeof err), 0);
  assert_string_equal(k, "size");
  assert_string_equal(v, "1024");
  assert_int_equal(bbctl_parse_kv("-p", s2, &k, &v, err, sizeof err),
                   BBD_EINVAL);
  assert_int_equal(bbctl_parse_kv("-p", s3, &k, &v, err, sizeof err),
                   BBD_EINVAL);
  assert_int_equal(bbctl_parse_kv("--tag", s4, &k, &v, err, sizeof err), 0);
  assert_string_equal(v, "");
  assert_int_equal(bbctl_parse_kv("--tag", s5, &k, &v, err, sizeof err),
                   BBD_EINVAL);
  char big[1200];
  memset(big, 'v', sizeof big);
  memcpy(big, "k=", 2);
  big[sizeof big - 1] = '\0';
  assert_int_equal(bbctl_parse_kv("--tag", big, &k, &v, err, sizeof err),
                   BBD_ERANGE);
}

static void test_refs_filters(void **state) {
  char err[128];
  assert_int_equal(bbctl_check_ref("RUN", "42", err, sizeof err), 0);
  assert_int_equal(bbctl_check_ref("RUN", "latest", err, sizeof err), 0);
  assert_int_equal(bbctl_check_ref("BASE", "main@abc1234", err, sizeof err), 0);
  assert_int_equal(bbctl_check_ref("RUN", "", err, sizeof err), BBD_EINVAL);
  assert_int_equal(bbctl_check_ref("RUN", "a b", err, sizeof err), BBD_EINVAL);
  assert_int_equal(bbctl_check_ref("RUN", "x?y", err, sizeof err), BBD_EINVAL);
  assert_int_equal(bbctl_check_filter("serialization/*tiny*", err, sizeof err),
                   0);
  assert_int_equal(bbctl_check_filter("a b", err, sizeof err), BBD_EINVAL);
  assert_int_equal(bbctl_check_filter("", err, sizeof err), BBD_EINVAL);
}

static void test_glob(void **state) {
  /* '*' crosses '/': the CLI contract. */
  assert_true(bbctl_glob_match("serialization/*tiny*",
                               "serialization/methods/tiny_raw"));
  assert_true(bbctl_glob_match("*", "a/b/c/d"));
  assert_true(bbctl_glob_match("*/alloc/*", "memory_allocation/alloc/small"));
  assert_false(
      bbctl_glob_match("serialization/*tiny*", "network_protocols/tiny/x"));
  assert_true(bbctl_glob_match("a/b?c/d", "a/bxc/d"));
  assert_true(bbctl_glob_match("a/[bc]/d", "a/c/d"));
  /* Plain words select whole components as a prefix. */
  assert_true(bbctl_glob_match("serialization", "serialization/methods/x"));
  assert_true(
      bbctl_glob_match("serialization/methods", "serialization/methods/x"));
  assert_false(bbctl_glob_match("serial", "serialization/methods/x"));
  assert_false(
      bbctl_glob_match("serialization/meth", "serialization/methods/x"));
  char *f[] = {"x/*", "y"};
  assert_true(bbctl_filters_match(f, 2, "y/z/w"));
  assert_true(bbctl_filters_match(f, 2, "x/q"));
  assert_false(bbctl_filters_match(f, 2, "z/q"));
  assert_true(bbctl_filters_match(NULL, 0, "anything"));
}

static void test_verdicts(void **state) {
  assert_int_equal(bbctl_verdict_parse("regressed"), BBCTL_V_REGRESSED);
  assert_int_equal(bbctl_verdict_parse("IMPROVED"), BBCTL_V_IMPROVED);
  assert_int_equal(bbctl_verdict_parse("inconclusive"), BBCTL_V_INCONCLUSIVE);
  assert_int_equal(bbctl_verdict_parse("incomparable"), BBCTL_V_INCOMPARABLE);
  assert_int_equal(bbctl_verdict_parse("bogus"), BBCTL_V_UNKNOWN);
  assert_int_equal(bbctl_verdict_parse(NULL), BBCTL_V_UNKNOWN);
  assert_string_equal(bbctl_verdict_name(BBCTL_V_UNCHANGED), "unchanged");
  assert_string_equal(bbctl_verdict_name((enum bbctl_verdict)99), "unknown");

  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_REGRESSED, 0), 1);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_IMPROVED, 1), 0);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_UNCHANGED, 1), 0);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_INCONCLUSIVE, 0), 0);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_INCONCLUSIVE, 1), 5);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_FAILED, 0), 4);
  assert_int_equal(bbctl_exit_for_verdict(BBCTL_V_INCOMPARABLE, 0), 6);
}

static void test_exit_priority(void **state) {
  /* 2 > 3 > 7 > 6 > 4 > 1 > 5 > 0 */
  assert_int_equal(bbctl_exit_worst(0, 1), 1);
  assert_int_equal(bbctl_exit_worst(1, 0), 1);
  assert_int_equal(bbctl_exit_worst(5, 1), 1);
  assert_int_equal(bbctl_exit_worst(1, 4), 4);
  assert_int_equal(bbctl_exit_worst(4, 6), 6);
  assert_int_equal(bbctl_exit_worst(6, 7), 7);
  assert_int_equal(bbctl_exit_worst(7, 3), 3);
  assert_int_equal(bbctl_exit_worst(3, 2), 2);
  assert_int_equal(bbctl_exit_worst(0, 5), 5);
  assert_int_equal(bbctl_exit_worst(0, 0), 0);
  assert_int_equal(bbctl_exit_worst(0, 42), 3);
}

static void test_exit_from_http(void **state) {
  assert_int_equal(bbctl_exit_from_http(0, NULL), 3);
  assert_int_equal(bbctl_exit_from_http(500, NULL), 3);
  assert_int_equal(bbctl_exit_from_http(503, "EBUSY"), 3);
  assert_int_equal(bbctl_exit_from_http(404, NULL), 7);
  assert_int_equal(bbctl_exit_from_http(404, "ENOTFOUND"), 7);
  assert_int_equal(bbctl_exit_from_http(409, "EINCOMPARABLE"), 6);
  assert_int_equal(bbctl_exit_from_http(400, "EINVAL"), 2);
  assert_int_equal(bbctl_exit_from_http(422, NULL), 2);
  assert_int_equal(bbctl_exit_from_http(500, "EINVAL"), 3);
  assert_int_equal(bbctl_exit_from_http(401, "EAUTH"), 2);
  assert_int_equal(bbctl_exit_from_http(409, "ESTATE"), 2);
  assert_int_equal(bbctl_exit_from_http(302, NULL), 3);
  assert_int_equal(bbctl_exit_from_http(200, NULL), 3);
}

static void test_color_policy(void **state) {
  assert_true(bbctl_want_color(1, NULL));
  assert_true(bbctl_want_color(1, ""));
  assert_false(bbctl_want_color(1, "1"));
  assert_false(bbctl_want_color(0, NULL));
  assert_int_equal(bbctl_verdict_color(BBCTL_V_REGRESSED), BBCTL_C_RED);
  assert_int_equal(bbctl_verdict_color(BBCTL_V_IMPROVED), BBCTL_C_GREEN);
  assert_int_equal(bbctl_verdict_color(BBCTL_V_INCONCLUSIVE), BBCTL_C_YELLOW);
}

static void test_run_state_exit(void **state) {
  assert_int_equal(bbctl_run_state_exit("done"), 0);
  assert_int_equal(bbctl_run_state_exit("cancelled"), 4);
  assert_int_equal(bbctl_run_state_exit("failed"), 3);
  assert_int_equal(bbctl_run_state_exit("interrupted"), 3);
  assert_int_equal(bbctl_run_state_exit("weird"), 3);
  assert_int_equal(bbctl_run_state_exit(NULL), 3);
  assert_true(bbctl_run_state_terminal("done"));
  assert_false(bbctl_run_state_terminal("running"));
  assert_false(bbctl_run_state_terminal(NULL));
}

static void test_loopback(void **state) {
  assert_true(bbctl_url_is_loopback("http://127.0.0.1:8740"));
  assert_true(bbctl_url_is_loopback("http://127.1.2.3/"));
  assert_true(bbctl_url_is_loopback("http://localhost:1"));
  assert_true(bbctl_url_is_loopback("http://localhost"));
  assert_true(bbctl_url_is_loopback("http://[::1]:8740"));
  assert_false(bbctl_url_is_loopback("http://localhost.evil.com/"));
  assert_false(bbctl_url_is_loopback("http://bench1:8740"));
  assert_false(bbctl_url_is_loopback("http://127.0.0.1@evil.com/"));
  assert_true(bbctl_url_is_loopback("http://user@127.0.0.1/"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_long),
      cmocka_unit_test(test_seconds),
      cmocka_unit_test(test_percent),
      cmocka_unit_test(test_kv),
      cmocka_unit_test(test_refs_filters),
      cmocka_unit_test(test_glob),
      cmocka_unit_test(test_verdicts),
      cmocka_unit_test(test_exit_priority),
      cmocka_unit_test(test_exit_from_http),
      cmocka_unit_test(test_color_policy),
      cmocka_unit_test(test_loopback),
      cmocka_unit_test(test_run_state_exit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
