/* Descriptor and parameter validation, host argument lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "descriptor.h"
#include "err.h"
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_ok(void *s, uint64_t n, char *e, size_t l) {
  return 0;
}

static const bbd_param_t good_params[] = {
    {"n", BBD_PARAM_INT, "4", "count", 1, 10, NULL},
    {"f", BBD_PARAM_FLOAT, "1.5", NULL, 0, 0, NULL},
    {"b", BBD_PARAM_BOOL, "yes", NULL, 0, 0, NULL},
    {"s", BBD_PARAM_STRING, "x", NULL, 0, 0, NULL},
    {"e", BBD_PARAM_ENUM, "le", NULL, 0, 0, "be,le"},
    {NULL, 0, NULL, NULL, 0, 0, NULL}};

/* A mutable plugin assembled per test. */
typedef struct fx {
  bbd_benchmark_t b[4];
  const bbd_benchmark_t *list[5];
  bbd_plugin_t p;
  bbd_param_t params[4];
} fx_t;

static void fx_init(fx_t *f) {
  memset(f, 0, sizeof *f);
  static const char *names[] = {"g/a", "g/b", "h/c/p1"};
  for (int i = 0; i < 3; i++) {
    f->b[i].size = sizeof(bbd_benchmark_t);
    f->b[i].name = names[i];
    f->b[i].run = run_ok;
    f->list[i] = &f->b[i];
  }
  f->b[1].params = good_params;
  f->p.size = sizeof(bbd_plugin_t);
  f->p.abi_major = BBD_PLUGIN_ABI_MAJOR;
  f->p.abi_minor = BBD_PLUGIN_ABI_MINOR;
  f->p.name = "demo";
  f->p.version = "1";
  f->p.benchmarks = f->list;
}

static int check(fx_t *f, char *err, size_t len) {
  size_t n = 0;
  return bbd_wk_validate_plugin(&f->p, "demo", &n, err, len);
}

static void test_valid(void **st) {
  fx_t f;
  fx_init(&f);
  char err[256];
  size_t n = 0;
  assert_int_equal(bbd_wk_validate_plugin(&f.p, "demo", &n, err, sizeof err),
                   0);
  assert_int_equal(n, 3);
  f.p.abi_minor = 0; /* an older minor is fine */
  assert_int_equal(check(&f, err, sizeof err), 0);
  f.p.abi_minor = 9; /* a newer minor too */
  assert_int_equal(check(&f, err, sizeof err), 0);
}

static void test_abi_major(void **st) {
  fx_t f;
  fx_init(&f);
  char err[256];
  f.p.abi_major = 2;
  assert_int_equal(check(&f, err, sizeof err), BBD_EABI);
  assert_non_null(strstr(err, "plugin ABI 2."));
  assert_non_null(strstr(err, "worker ABI 1."));
  assert_int_equal(bbd_wk_validate_plugin(NULL, "x", NULL, err, sizeof err),
                   BBD_EPLUGIN);
}

static void test_names(void **st) {
  fx_t f;
  char err[256];
  const char *bad[] = {"",    "/a",   "a/",   "a//b", "A/b",
                       "a b", "a/b!", "a\nb", "é/x"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    fx_init(&f);
    f.b[0].name = bad[i];
    assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  }
  char longname[BBD_BENCH_NAME_MAX + 2];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  fx_init(&f);
  f.b[0].name = longname;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  longname[BBD_BENCH_NAME_MAX] = '\0'; /* exactly the maximum */
  f.b[0].name = longname;
  assert_int_equal(check(&f, err, sizeof err), 0);
  assert_true(bbd_wk_valid_bench_name("a.b-c_d/e1/x"));
  assert_true(bbd_wk_valid_bench_name("single"));

  fx_init(&f);
  f.b[2].name = "g/a"; /* duplicate */
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  assert_non_null(strstr(err, "twice"));

  fx_init(&f);
  f.p.name = "Demo";
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  size_t n;
  assert_int_equal(bbd_wk_validate_plugin(&f.p, "other", &n, err, sizeof err),
                   BBD_EPLUGIN); /* name must equal the file name */
  assert_non_null(strstr(err, "file name"));
}

static void test_structure(void **st) {
  fx_t f;
  char err[256];
  fx_init(&f);
  f.b[1].run = NULL;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  assert_non_null(strstr(err, "run"));
  fx_init(&f);
  f.b[0].size = 8;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  f.p.size = 4;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  f.p.version = NULL;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  f.p.benchmarks = NULL;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  f.list[0] = NULL; /* empty list */
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  fx_init(&f);
  f.b[0].summary = "two\nlines";
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
}

static void test_params_decl(void **st) {
  fx_t f;
  char err[256];
  struct {
    bbd_param_t p;
    int ok;
  } cases[] = {
      {{"n", BBD_PARAM_INT, "5", NULL, 1, 10, NULL}, 1},
      {{"n", BBD_PARAM_INT, "11", NULL, 1, 10, NULL}, 0}, /* default range */
      {{"n", BBD_PARAM_INT, "-3", NULL, 0, 0, NULL}, 1},  /* unbounded */
      {{"n", BBD_PARAM_INT, "x", NULL, 0, 0, NULL}, 0},
      {{"n", BBD_PARAM_INT, "1", NULL, 5, 2, NULL}, 0}, /* min > max */
      {{"n", BBD_PARAM_INT, NULL, NULL, 0, 0, NULL}, 0},
      {{"Bad", BBD_PARAM_INT, "1", NULL, 0, 0, NULL}, 0},
      {{"n", (bbd_param_type_t)9, "1", NULL, 0, 0, NULL}, 0},
      {{"f", BBD_PARAM_FLOAT, "nan", NULL, 0, 0, NULL}, 0},
      {{"f", BBD_PARAM_FLOAT, "1e3", NULL, 0, 0, NULL}, 1},
      {{"b", BBD_PARAM_BOOL, "maybe", NULL, 0, 0, NULL}, 0},
      {{"e", BBD_PARAM_ENUM, "be", NULL, 0, 0, "be,le"}, 1},
      {{"e", BBD_PARAM_ENUM, "b", NULL, 0, 0, "be,le"}, 0},
      {{"e", BBD_PARAM_ENUM, "be", NULL, 0, 0, NULL}, 0},
      {{"e", BBD_PARAM_ENUM, "be", NULL, 0, 0, "be,,le"}, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fx_init(&f);
    f.params[0] = cases[i].p;
    f.b[0].params = f.params;
    int rc = check(&f, err, sizeof err);
    if (cases[i].ok)
      assert_int_equal(rc, 0);
    else
      assert_int_equal(rc, BBD_EPLUGIN);
  }
  fx_init(&f);
  f.params[0] = good_params[0];
  f.params[1] = good_params[0]; /* duplicate name */
  f.b[0].params = f.params;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  /* More than BBD_PARAM_MAX parameters. */
  bbd_param_t *many = calloc(BBD_PARAM_MAX + 2, sizeof *many);
  char names[BBD_PARAM_MAX + 1][8];
  for (int i = 0; i <= BBD_PARAM_MAX; i++) {
    snprintf(names[i], sizeof names[i], "p%d", i);
    many[i] = (bbd_param_t){names[i], BBD_PARAM_INT, "1", NULL, 0, 0, NULL};
  }
  fx_init(&f);
  f.b[0].params = many;
  assert_int_equal(check(&f, err, sizeof err), BBD_EPLUGIN);
  free(many);
}

static void test_param_values(void **st) {
  char err[256];
  const bbd_param_t *n = &good_params[0];
  assert_int_equal(bbd_wk_param_check(n, "10", err, sizeof err), 0);
  assert_int_equal(bbd_wk_param_check(n, "11", err, sizeof err), BBD_ERANGE);
  assert_int_equal(bbd_wk_param_check(n, "4x", err, sizeof err), BBD_EINVAL);
  assert_int_equal(bbd_wk_param_check(n, "", err, sizeof err), BBD_EINVAL);
  assert_int_equal(
      bbd_wk_param_check(n, "99999999999999999999", err, sizeof err),
      BBD_EINVAL);
  assert_int_equal(bbd_wk_param_check(&good_params[4], "be", err, sizeof err),
                   0);
  assert_int_equal(bbd_wk_param_check(&good_params[4], "b", err, sizeof err),
                   BBD_EINVAL);
  char *big = malloc(BBD_PARAM_VALUE_MAX + 2);
  memset(big, 'x', BBD_PARAM_VALUE_MAX + 1);
  big[BBD_PARAM_VALUE_MAX + 1] = '\0';
  assert_int_equal(bbd_wk_param_check(&good_params[3], big, err, sizeof err),
                   BBD_EINVAL);
  free(big);
}

static void test_args_and_host(void **st) {
  bbd_benchmark_t b = {.size = sizeof b, .name = "x", .params = good_params};
  bbd_wk_kv_t kv[3];
  assert_int_equal(bbd_wk_kv_parse("n=7", &kv[0]), 0);
  assert_int_equal(bbd_wk_kv_parse("e=be", &kv[1]), 0);
  assert_int_equal(bbd_wk_kv_parse("other=1", &kv[2]), 0);
  assert_int_not_equal(bbd_wk_kv_parse("=1", &kv[2]), 0);
  assert_int_not_equal(bbd_wk_kv_parse("novalue", &kv[2]), 0);
  bbd_args_t args;
  char err[256];
  assert_int_equal(bbd_wk_args_build(&args, &b, kv, 3, err, sizeof err), 0);
  bbd_host_t h;
  bbd_wk_host_ctx_t ctx;
  bbd_wk_host_init(&h, &ctx, "t", 42, stderr);
  int64_t i = 0;
  double d = 0;
  int flag = 0;
  const char *s = NULL;
  assert_int_equal(h.arg_int(&h, &args, "n", &i), 0);
  assert_int_equal(i, 7);
  assert_int_equal(h.arg_float(&h, &args, "f", &d), 0);
  assert_true(d == 1.5);
  assert_int_equal(h.arg_bool(&h, &args, "b", &flag), 0);
  assert_int_equal(flag, 1);
  assert_int_equal(h.arg_str(&h, &args, "e", &s), 0);
  assert_string_equal(s, "be");
  assert_int_equal(h.arg_str(&h, &args, "s", &s), 0);
  assert_string_equal(s, "x");
  i = 123;
  assert_int_not_equal(h.arg_int(&h, &args, "f", &i), 0); /* wrong type */
  assert_int_not_equal(h.arg_int(&h, &args, "zz", &i), 0);
  assert_int_equal(i, 123); /* untouched on failure */
  /* Invalid override. */
  bbd_wk_kv_parse("n=0", &kv[0]);
  assert_int_equal(bbd_wk_args_build(&args, &b, kv, 1, err, sizeof err),
                   BBD_ERANGE);
  assert_non_null(strstr(err, "parameter n"));
  /* Seeded randomness is reproducible and differs by seed. */
  bbd_host_t h2, h3;
  bbd_wk_host_ctx_t c2, c3;
  bbd_wk_host_init(&h2, &c2, "t", 42, stderr);
  bbd_wk_host_init(&h3, &c3, "t", 43, stderr);
  uint64_t a = h.random_u64(&h), a2 = h2.random_u64(&h2),
           a3 = h3.random_u64(&h3);
  assert_true(a == a2);
  assert_true(a != a3);
  /* Metrics and throughput. */
  assert_true(BBD_HOST_HAS(&h, set_metric));
  h.set_metric(&h, "ratio", 2.5);
  h.set_metric(&h, "ratio", 3.5);
  h.set_metric(&h, "Bad Name", 1);
  assert_int_equal(ctx.nmetrics, 1);
  assert_true(ctx.metrics[0].value == 3.5);
  h.set_throughput(&h, 64, 2);
  assert_int_equal(ctx.bytes_per_iter, 64);
  assert_int_equal(ctx.elements_per_iter, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid),         cmocka_unit_test(test_abi_major),
      cmocka_unit_test(test_names),         cmocka_unit_test(test_structure),
      cmocka_unit_test(test_params_decl),   cmocka_unit_test(test_param_values),
      cmocka_unit_test(test_args_and_host),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
