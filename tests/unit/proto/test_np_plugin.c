/*
 * The network_protocols plugin with a fake host: every benchmark sets up
 * (its setup verifies the decode), runs a few iterations and tears down;
 * pipeline and batch also run on a capture given as the pcap parameter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <bbd/plugin.h>

typedef struct fake_args {
  const char *pcap;
  uint64_t elements;
} fake_args;

static void f_log(const bbd_host_t *h, bbd_log_level_t l, const char *fmt,
                  ...) {
  (void)h;
  (void)l;
  (void)fmt;
}
static uint64_t f_now(const bbd_host_t *h) {
  (void)h;
  return 0;
}
static int f_int(const bbd_host_t *h, const bbd_args_t *a, const char *n,
                 int64_t *out) {
  (void)h;
  (void)a;
  (void)n;
  (void)out;
  return 1; /* absent: the plugin keeps its default */
}
static int f_float(const bbd_host_t *h, const bbd_args_t *a, const char *n,
                   double *out) {
  (void)h;
  (void)a;
  (void)n;
  (void)out;
  return 1;
}
static int f_bool(const bbd_host_t *h, const bbd_args_t *a, const char *n,
                  int *out) {
  (void)h;
  (void)a;
  (void)n;
  (void)out;
  return 1;
}
static int f_str(const bbd_host_t *h, const bbd_args_t *a, const char *n,
                 const char **out) {
  (void)h;
  const fake_args *fa = (const fake_args *)(const void *)a;
  if (strcmp(n, "pcap") == 0 && fa->pcap) {
    *out = fa->pcap;
    return 0;
  }
  return 1;
}
/* The fake host's context is the run's arguments: throughput lands there. */
static void f_tp(const bbd_host_t *h, uint64_t b, uint64_t e) {
  (void)b;
  if (h->host_ctx)
    ((fake_args *)h->host_ctx)->elements = e;
}
static uint64_t f_rand(const bbd_host_t *h) {
  (void)h;
  return 42;
}

static const bbd_host_t base_host = {.size = sizeof(bbd_host_t),
                                     .abi_major = BBD_PLUGIN_ABI_MAJOR,
                                     .abi_minor = BBD_PLUGIN_ABI_MINOR,
                                     .log = f_log,
                                     .now_ns = f_now,
                                     .arg_int = f_int,
                                     .arg_float = f_float,
                                     .arg_bool = f_bool,
                                     .arg_str = f_str,
                                     .set_throughput = f_tp,
                                     .random_u64 = f_rand};

static void run_one(const bbd_benchmark_t *b, fake_args *fa) {
  void *state = NULL;
  char err[256] = "";
  bbd_host_t host = base_host;
  host.host_ctx = fa;
  int rc = b->setup ? b->setup(&host, (const bbd_args_t *)(void *)fa, &state,
                               err, sizeof(err))
                    : 0;
  if (rc)
    fail_msg("%s: setup: %s", b->name, err);
  rc = b->run(state, 3, err, sizeof(err));
  if (rc)
    fail_msg("%s: run: %s", b->name, err);
  if (b->teardown)
    b->teardown(state);
}

static void test_all_benchmarks(void **st) {
  (void)st;
  const bbd_plugin_t *p = NULL;
  char err[128];
  assert_int_equal(bbd_plugin_init(&base_host, &p, err, sizeof(err)), 0);
  assert_string_equal(p->name, "network_protocols");
  int n = 0;
  for (const bbd_benchmark_t *const *b = p->benchmarks; *b; b++, n++) {
    fake_args fa = {NULL, 0};
    run_one(*b, &fa);
  }
  /* 10 codecs x 4 methods + 9 declared headers x 5 generated methods +
   * layered 2 + secure 2 + iot 2 + pipeline 1 + batch 3 */
  assert_int_equal(n, 95);
}

static void test_pcap_parameter(void **st) {
  (void)st;
  const bbd_plugin_t *p = NULL;
  char err[128];
  assert_int_equal(bbd_plugin_init(&base_host, &p, err, sizeof(err)), 0);
  int seen = 0;
  for (const bbd_benchmark_t *const *b = p->benchmarks; *b; b++) {
    if (strncmp((*b)->name, "pipeline/", 9) && strncmp((*b)->name, "batch/", 6))
      continue;
    fake_args fa = {BBD_TEST_CAPTURE, 0};
    run_one(*b, &fa);
    /* The capture's decodable frames, not the generated corpus. */
    assert_true(fa.elements > 0 && fa.elements < 1000);
    seen++;
    fake_args bad = {"/nonexistent.pcap", 0};
    void *state = NULL;
    assert_int_not_equal((*b)->setup(&base_host,
                                     (const bbd_args_t *)(void *)&bad, &state,
                                     err, sizeof(err)),
                         0);
  }
  assert_int_equal(seen, 4);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_all_benchmarks),
      cmocka_unit_test(test_pcap_parameter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
