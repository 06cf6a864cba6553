/*
 * The compact sample codec alone: exact byte layout, round trips, and
 * decoding of every truncation and of random damage without reading past
 * the input (run under ASan in CI).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"
#include "samples.h"
#include "store.h"

static void test_layout(void **state) {
  (void)state;
  uint64_t it[1] = {0x0102030405060708ull};
  double ns[1] = {1.0}; /* 0x3FF0000000000000 */
  uint8_t b[BBD_SAMPLES_HEADER + 16];
  assert_int_equal(bbd_samples_pairs_size(1), sizeof b);
  assert_int_equal(bbd_samples_pairs_encode(it, ns, 1, b, sizeof b, NULL, 0),
                   0);
  const uint8_t want[] = {
      'B',  'B',  'S',  '1',  1,    0,    0, 0, 1, 0, 0, 0, 0x08, 0x07,
      0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f};
  assert_memory_equal(b, want, sizeof want);
  double v[2] = {NAN, -2.5};
  uint8_t c[BBD_SAMPLES_HEADER + 16];
  assert_int_equal(bbd_samples_series_encode(v, 2, c, sizeof c, NULL, 0), 0);
  assert_int_equal(c[4], BBD_SAMPLES_KIND_SERIES);
  assert_int_equal(c[8], 2);
  double out[2];
  size_t n = 0;
  assert_int_equal(bbd_samples_series_decode(c, sizeof c, out, 2, &n, NULL, 0),
                   0);
  assert_int_equal(n, 2);
  assert_true(isnan(out[0]));
  assert_true(out[1] == -2.5);
}

static void test_round_trip(void **state) {
  (void)state;
  enum { N = 513 };
  uint64_t it[N], it2[N];
  double ns[N], ns2[N];
  for (size_t i = 0; i < N; i++) {
    it[i] = UINT64_MAX - i * 977;
    ns[i] = i ? 1e-300 * (double)i + (double)i * 12345.678 : 0.0;
  }
  size_t len = bbd_samples_pairs_size(N);
  uint8_t *b = malloc(len);
  assert_non_null(b);
  assert_int_equal(bbd_samples_pairs_encode(it, ns, N, b, len, NULL, 0), 0);
  size_t n = 0;
  int kind = 0;
  assert_int_equal(bbd_samples_header(b, len, &kind, &n, NULL, 0), 0);
  assert_int_equal(kind, BBD_SAMPLES_KIND_PAIRS);
  assert_int_equal(n, N);
  assert_int_equal(bbd_samples_pairs_decode(b, len, it2, ns2, N, &n, NULL, 0),
                   0);
  assert_memory_equal(it, it2, sizeof it);
  assert_memory_equal(ns, ns2, sizeof ns);
  /* Too little room in the caller's arrays is an error, not an overflow. */
  assert_int_equal(
      bbd_samples_pairs_decode(b, len, it2, ns2, N - 1, &n, NULL, 0),
      BBD_EINVAL);
  /* The empty blob is valid. */
  uint8_t e[BBD_SAMPLES_HEADER];
  assert_int_equal(
      bbd_samples_pairs_encode(NULL, NULL, 0, e, sizeof e, NULL, 0), 0);
  assert_int_equal(
      bbd_samples_pairs_decode(e, sizeof e, it2, ns2, 0, &n, NULL, 0), 0);
  assert_int_equal(n, 0);
  free(b);
}

static void test_encode_refusals(void **state) {
  (void)state;
  uint64_t it[2] = {1, 1};
  double ns[2] = {1, 1};
  uint8_t b[64];
  char err[128];
  it[1] = 0;
  assert_int_equal(
      bbd_samples_pairs_encode(it, ns, 2, b, sizeof b, err, sizeof err),
      BBD_EINVAL);
  it[1] = 1;
  ns[0] = INFINITY;
  assert_int_equal(bbd_samples_pairs_encode(it, ns, 2, b, sizeof b, NULL, 0),
                   BBD_EINVAL);
  ns[0] = -0.5;
  assert_int_equal(bbd_samples_pairs_encode(it, ns, 2, b, sizeof b, NULL, 0),
                   BBD_EINVAL);
  ns[0] = 1;
  assert_int_equal(bbd_samples_pairs_encode(it, ns, 2, b, 20, NULL, 0),
                   BBD_EINVAL); /* output too small */
  assert_int_equal(bbd_samples_pairs_encode(it, ns,
                                            (size_t)BBD_STORE_MAX_SAMPLES + 1,
                                            b, sizeof b, NULL, 0),
                   BBD_EINVAL);
}

/* Every prefix of a valid blob, and every blob with one byte changed,
 * decodes to an error or to records that are valid — never past the
 * input. */
static void test_truncation_and_damage(void **state) {
  (void)state;
  enum { N = 6 };
  uint64_t it[N] = {1, 2, 3, 4, 5, 6};
  double ns[N] = {1, 2, 3, 4, 5, 6};
  uint8_t good[BBD_SAMPLES_HEADER + 16 * N];
  assert_int_equal(
      bbd_samples_pairs_encode(it, ns, N, good, sizeof good, NULL, 0), 0);
  uint64_t oi[N];
  double on[N];
  size_t n;
  for (size_t len = 0; len < sizeof good; len++) {
    /* An exact-size heap copy so ASan sees any overread. */
    uint8_t *p = malloc(len ? len : 1);
    memcpy(p, good, len);
    assert_int_equal(bbd_samples_pairs_decode(p, len, oi, on, N, &n, NULL, 0),
                     BBD_EPARSE);
    free(p);
  }
  assert_int_equal(bbd_samples_pairs_decode(NULL, 0, oi, on, N, &n, NULL, 0),
                   BBD_EPARSE);
  unsigned seed = 12345;
  for (int round = 0; round < 20000; round++) {
    uint8_t *p = malloc(sizeof good);
    memcpy(p, good, sizeof good);
    seed = seed * 1103515245u + 12345u;
    size_t pos = (seed >> 8) % sizeof good;
    seed = seed * 1103515245u + 12345u;
    p[pos] ^= (uint8_t)(1 + ((seed >> 16) % 255));
    int rc = bbd_samples_pairs_decode(p, sizeof good, oi, on, N, &n, NULL, 0);
    if (rc == 0) {
      /* Damage in a value can go unnoticed, but whatever decodes obeys the
       * invariants. */
      assert_int_equal(n, N);
      for (size_t i = 0; i < n; i++)
        assert_true(oi[i] > 0 && isfinite(on[i]) && on[i] >= 0);
      assert_true(pos >= BBD_SAMPLES_HEADER);
    } else {
      assert_int_equal(rc, BBD_EPARSE);
    }
    free(p);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_layout),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_encode_refusals),
      cmocka_unit_test(test_truncation_and_damage),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
