/*
 * Self-check of the cache_performance plugin: the helpers (sysfs parsing,
 * working-set sizes, pointer chases) and every benchmark driven through a
 * fake host with small working sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp_benches.h"
#include "cp_util.h"
#include "fake_host.h"

/* Small sizes so the whole plugin runs in well under a second, also under
 * ASan. */
static const char *const small_args[] = {"bytes=262144", "count=300",
                                         "accesses=512", NULL};

static void test_parse_size(void **state) {
  (void)state;
  uint64_t v = 0;
  assert_int_equal(cp_parse_size("48K", &v), 0);
  assert_int_equal(v, 48 * 1024);
  assert_int_equal(cp_parse_size("266240K\n", &v), 0);
  assert_int_equal(v, 266240ull * 1024);
  assert_int_equal(cp_parse_size("2M", &v), 0);
  assert_int_equal(v, 2 * 1024 * 1024);
  assert_int_equal(cp_parse_size("64", &v), 0);
  assert_int_equal(v, 64);
  assert_int_equal(cp_parse_size("", &v), -1);
  assert_int_equal(cp_parse_size("K", &v), -1);
  assert_int_equal(cp_parse_size("12Q", &v), -1);
  assert_int_equal(cp_parse_size("-5K", &v), -1);
  assert_int_equal(cp_parse_size("99999999999999999999", &v), -1);
  assert_int_equal(cp_parse_size("2000G", &v), -1);
}

/* Writes one sysfs-like attribute file. */
static void put(const char *dir, int idx, const char *attr, const char *val) {
  char path[512];
  snprintf(path, sizeof path, "%s/index%d", dir, idx);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/index%d/%s", dir, idx, attr);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(val, f);
  fclose(f);
}

static void rm_tree(const char *dir, int n) {
  static const char *const attrs[] = {"level", "type", "size",
                                      "coherency_line_size"};
  char path[512];
  for (int i = 0; i < n; i++) {
    for (size_t a = 0; a < 4; a++) {
      snprintf(path, sizeof path, "%s/index%d/%s", dir, i, attrs[a]);
      unlink(path);
    }
    snprintf(path, sizeof path, "%s/index%d", dir, i);
    rmdir(path);
  }
  rmdir(dir);
}

static void test_cache_sizes_fixture(void **state) {
  (void)state;
  char dir[] = "/tmp/bbd-cp-sysfs-XXXXXX";
  assert_non_null(mkdtemp(dir));
  put(dir, 0, "level", "1\n"), put(dir, 0, "type", "Data\n");
  put(dir, 0, "size", "48K\n"), put(dir, 0, "coherency_line_size", "64\n");
  put(dir, 1, "level", "1\n"), put(dir, 1, "type", "Instruction\n");
  put(dir, 1, "size", "32K\n");
  put(dir, 2, "level", "2\n"), put(dir, 2, "type", "Unified\n");
  put(dir, 2, "size", "2048K\n");
  put(dir, 3, "level", "3\n"), put(dir, 3, "type", "Unified\n");
  put(dir, 3, "size", "266240K\n");
  cp_cache_sizes_t c;
  cp_cache_sizes_read(dir, &c);
  assert_int_equal(c.l1d, 48 * 1024); /* the instruction cache is skipped */
  assert_int_equal(c.l2, 2048 * 1024);
  assert_int_equal(c.llc, 266240ull * 1024);
  assert_int_equal(c.line, 64);
  assert_true(c.from_sysfs);
  assert_int_equal(cp_level_bytes(&c, CP_L1), 24 * 1024);
  assert_int_equal(cp_level_bytes(&c, CP_L2), 1024 * 1024);
  assert_int_equal(cp_level_bytes(&c, CP_LLC), 8 * 1024 * 1024);
  assert_int_equal(cp_level_bytes(&c, CP_DRAM), 2 * 266240ull * 1024);
  rm_tree(dir, 4);

  /* No sysfs at all: fallbacks, flagged. */
  cp_cache_sizes_read("/nonexistent/bbd", &c);
  assert_false(c.from_sysfs);
  assert_true(c.l1d > 0 && c.l2 > c.l1d && c.llc >= c.l2);
}

static void test_levels_grow(void **state) {
  (void)state;
  cp_cache_sizes_t c;
  cp_cache_sizes_read("/sys/devices/system/cpu/cpu0/cache", &c);
  uint64_t prev = 0;
  for (int l = CP_L1; l <= CP_DRAM; l++) {
    uint64_t b = cp_level_bytes(&c, (cp_level_t)l);
    assert_true(b > prev);
    assert_int_equal(b % CP_LINE, 0);
    prev = b;
  }
  /* Each level's set fits its cache; DRAM's exceeds the LLC (or is capped
   * at 1 GiB). */
  assert_true(cp_level_bytes(&c, CP_L1) <= c.l1d);
  assert_true(cp_level_bytes(&c, CP_L2) <= c.l2 ||
              cp_level_bytes(&c, CP_L2) == 2 * c.l1d);
  assert_true(cp_level_bytes(&c, CP_DRAM) > c.llc ||
              cp_level_bytes(&c, CP_DRAM) == 1024ull * 1024 * 1024);
}

static void test_chase_is_one_cycle(void **state) {
  (void)state;
  fake_host_t f;
  fake_host_init(&f, 7);
  char err[128];
  const uint64_t bytes = 64 * 1000; /* 1000 lines, not a power of two */
  for (int kind = 0; kind < 3; kind++) {
    unsigned char *mem = NULL;
    assert_int_equal(
        cp_ap_build(&f.host, kind, bytes, 4096, &mem, err, sizeof err), 0);
    /* Every line is visited exactly once before the chase returns. */
    assert_int_equal(cp_ap_chase(mem, 2000), 1000);
    /* Count links that go to the next line: all of them for sequential,
     * none for strided (64-line stride), few for a random permutation. */
    size_t next = 0;
    for (size_t i = 0; i < 1000; i++) {
      void *to = *(void **)(mem + i * CP_LINE);
      next += to == mem + (i + 1) * CP_LINE;
    }
    if (kind == 0)
      assert_int_equal(next, 999);
    else
      assert_true(next < 20);
    free(mem);
  }
  unsigned char *mem = NULL;
  assert_int_not_equal(cp_ap_build(&f.host, 2, 64, 64, &mem, err, sizeof err),
                       0);
  assert_non_null(strstr(err, "out of range"));
}

static void test_layout_sums_agree(void **state) {
  (void)state;
  fake_host_t f;
  fake_host_init(&f, 3);
  void *contiguous = NULL, *scattered = NULL;
  fake_host_drive(&f, &cp_layout_contiguous, small_args, &contiguous);
  fake_host_drive(&f, &cp_layout_scattered, small_args, &scattered);
  /* Records are {i, 2i} for i < 300: the sum is 3 * 299 * 300 / 2. */
  assert_int_equal(cp_layout_sum(contiguous), 3ull * 299 * 300 / 2);
  assert_int_equal(cp_layout_sum(scattered), 3ull * 299 * 300 / 2);
  cp_layout_contiguous.teardown(contiguous);
  cp_layout_scattered.teardown(scattered);
}

static void test_cache_line_decodes(void **state) {
  (void)state;
  const bbd_benchmark_t *benches[] = {
      &cp_cl_cache_friendly_sequential, &cp_cl_cache_unfriendly_sequential,
      &cp_cl_cache_friendly_random, &cp_cl_cache_unfriendly_random};
  fake_host_t f;
  fake_host_init(&f, 5);
  for (size_t i = 0; i < 4; i++) {
    void *st = NULL;
    fake_host_drive(&f, benches[i], small_args, &st);
    /* Record i carries checksum i: in any visiting order that is a
     * permutation, the decoded checksums sum to 0 + 1 + ... + 299. */
    assert_int_equal(cp_cl_checksum_sum(st), 299ull * 300 / 2);
    benches[i]->teardown(st);
  }
}

static void test_packing_layouts_agree(void **state) {
  (void)state;
  fake_host_t f;
  fake_host_init(&f, 5);
  void *packed = NULL, *padded = NULL;
  fake_host_drive(&f, &cp_packing_bit_packed, small_args, &packed);
  fake_host_drive(&f, &cp_packing_naturally_padded, small_args, &padded);
  uint64_t want = 0;
  for (uint64_t i = 0; i < 300; i++)
    want += i % 16 + i % 16 + i % 256 + i % 65536 + i;
  /* Decoding the packed records gives exactly the padded structs' values. */
  assert_int_equal(cp_packing_sum(packed), want);
  assert_int_equal(cp_packing_sum(padded), want);
  cp_packing_bit_packed.teardown(packed);
  cp_packing_naturally_padded.teardown(padded);
}

static void test_buffer_locality_round_trips(void **state) {
  (void)state;
  const bbd_benchmark_t *benches[] = {
      &cp_bl_individual_buffers, &cp_bl_single_buffer, &cp_bl_buffer_reuse};
  fake_host_t f;
  fake_host_init(&f, 5);
  for (size_t i = 0; i < 3; i++) {
    void *st = NULL;
    char err[256] = "";
    fake_host_drive(&f, benches[i], small_args, &st);
    int rc = cp_bl_verify(st, err, sizeof err);
    benches[i]->teardown(st);
    if (rc != 0)
      fail_msg("%s: %s", benches[i]->name, err);
  }
}

static void test_icache_targets_round_trip(void **state) {
  (void)state;
  char err[256] = "";
  if (cp_icache_verify(err, sizeof err) != 0)
    fail_msg("%s", err);
}

static void test_prefetch_same_result(void **state) {
  (void)state;
  fake_host_t f;
  fake_host_init(&f, 11);
  void *none = NULL;
  fake_host_drive(&f, &cp_prefetch_none, small_args, &none);
  /* Prefetching changes timing, never the values read: a full pass over
   * the 4096 records sums 0..4095 whatever the distance. */
  const uint64_t n = 262144 / CP_LINE;
  for (unsigned d = 0; d <= 64; d += 16) {
    uint64_t acc = cp_prefetch_pass(none, n, d);
    assert_int_equal(acc, n * (n - 1) / 2);
  }
  cp_prefetch_none.teardown(none);
}

static void test_every_benchmark_runs(void **state) {
  (void)state;
  fake_host_t f;
  fake_host_init(&f, 1);
  const bbd_plugin_t *p = NULL;
  char err[128];
  assert_int_equal(bbd_plugin_init(&f.host, &p, err, sizeof err), 0);
  assert_string_equal(p->name, "cache_performance");
  size_t n = 0;
  for (const bbd_benchmark_t *const *b = p->benchmarks; *b != NULL; b++) {
    fake_host_drive(&f, *b, small_args, NULL);
    n++;
  }
  assert_int_equal(n, 28);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_size),
      cmocka_unit_test(test_cache_sizes_fixture),
      cmocka_unit_test(test_levels_grow),
      cmocka_unit_test(test_chase_is_one_cycle),
      cmocka_unit_test(test_layout_sums_agree),
      cmocka_unit_test(test_cache_line_decodes),
      cmocka_unit_test(test_packing_layouts_agree),
      cmocka_unit_test(test_buffer_locality_round_trips),
      cmocka_unit_test(test_icache_targets_round_trip),
      cmocka_unit_test(test_prefetch_same_result),
      cmocka_unit_test(test_every_benchmark_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
