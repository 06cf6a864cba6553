/*
 * The checked encoders' bit-field range test (T__bitsbad: one combined
 * mask test per 8-byte word of the C struct for unsigned fields, a compare
 * for signed fields and fields outside the covered words, recursion into
 * nested structs). Checks, over seeded random values (set BEBYTES_SEED to
 * replay) that are often out of range:
 *   - a struct is accepted exactly when every bit field fits its width, and
 *     then encodes to the same bytes as the raw path;
 *   - on rejection the error names the first bad field in declaration order
 *     with its value and maximum, and nothing is written or allocated: the
 *     caller array keeps its bytes, the growable buffer keeps its length and
 *     bytes, the fresh-buffer output pointer is untouched;
 *   - garbage in the C struct's padding bytes never matters.
 */
#include <stdlib.h>

#include "test_bitcheck_structs.h"
#include "test_util.h"

typedef struct rng {
  uint64_t s;
} rng;
static uint64_t rnd(rng *r) {
  r->s ^= r->s << 13;
  r->s ^= r->s >> 7;
  r->s ^= r->s << 17;
  return r->s;
}

/* Fills the struct's bytes (padding included) with garbage, then every
 * integer field with an in-range value or, one time in four, a random value
 * of its whole C type (usually out of range). */
static void fill(const bebytes_struct_meta *m, void *s, rng *r, int top) {
  if (top)
    for (size_t i = 0; i < m->csize; i++)
      ((uint8_t *)s)[i] = (uint8_t)rnd(r);
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    uint8_t *p = (uint8_t *)s + f->offset;
    if (f->nested) {
      const bebytes_struct_meta *nm = f->nested();
      for (size_t k = 0; k * nm->csize < f->csize; k++)
        fill(nm, p + k * nm->csize, r, 0);
      continue;
    }
    if (!f->is_int)
      continue;
    uint64_t v = rnd(r);
    if (rnd(r) % 4 != 0) {
      v &= mask_of(f->bits);
      if (f->is_signed && f->bits < 64 && (v >> (f->bits - 1)) & 1)
        v |= ~UINT64_C(0) << f->bits; /* sign-extend into the C type */
    }
    memcpy(p, &v, f->csize); /* little-endian host */
  }
}

static uint64_t seed_from_env(void) {
  const char *s = getenv("BEBYTES_SEED");
  uint64_t seed = s ? strtoull(s, NULL, 0) : UINT64_C(0x2545F4914F6CDD1D);
  print_message("bebytes bitcheck seed 0x%llx\n", (unsigned long long)seed);
  return seed ? seed : 1;
}

#define SENTINEL 0xC5
static int all_sentinel(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != SENTINEL)
      return 0;
  return 1;
}

static void check_error(const bebytes_error *e, const bad_field *want) {
  assert_int_equal(e->code, BEBYTES_EBITFIELD);
  assert_non_null(e->field);
  assert_string_equal(e->field, want->name);
  assert_int_equal(e->value, want->value);
  assert_int_equal(e->max, want->max);
}

/* One byte order o (be / le) of every checked method against first_bad and
 * the raw path. */
#define CHECK_ORDER(T, o, x, bad, want, b)                                     \
  do {                                                                         \
    uint8_t raw_[T##_SIZE], out_[T##_SIZE + 8];                                \
    bebytes_error e_;                                                          \
    T##_encode_##o##_raw(&(x), raw_);                                          \
    /* into a caller array */                                                  \
    memset(out_, SENTINEL, sizeof out_);                                       \
    size_t w_ = 12345;                                                         \
    memset(&e_, 0, sizeof e_);                                                 \
    int rc_ = T##_encode_##o##_into(&(x), out_, sizeof out_, &w_, &e_);        \
    if (bad) {                                                                 \
      check_error(&e_, &(want));                                               \
      assert_int_equal(rc_, BEBYTES_EBITFIELD);                                \
      assert_true(all_sentinel(out_, sizeof out_));                            \
      assert_int_equal(w_, 12345);                                             \
    } else {                                                                   \
      assert_int_equal(rc_, 0);                                                \
      assert_int_equal(w_, T##_SIZE);                                          \
      assert_memory_equal(out_, raw_, T##_SIZE);                               \
      assert_true(all_sentinel(out_ + T##_SIZE, 8));                           \
    }                                                                          \
    /* appended to a growable buffer holding 3 bytes */                        \
    bebytes_buf_clear(&(b));                                                   \
    assert_int_equal(bebytes_buf_reserve(&(b), 512, NULL), 0);                 \
    memset((b).data, SENTINEL, 512);                                           \
    (b).len = 3;                                                               \
    memset(&e_, 0, sizeof e_);                                                 \
    rc_ = T##_encode_##o##_to(&(x), &(b), &e_);                                \
    if (bad) {                                                                 \
      assert_int_equal(rc_, BEBYTES_EBITFIELD);                                \
      check_error(&e_, &(want));                                               \
      assert_int_equal((b).len, 3);                                            \
      assert_true(all_sentinel((b).data, 512));                                \
    } else {                                                                   \
      assert_int_equal(rc_, 0);                                                \
      assert_int_equal((b).len, 3 + T##_SIZE);                                 \
      assert_memory_equal((b).data + 3, raw_, T##_SIZE);                       \
    }                                                                          \
    /* a fresh buffer */                                                       \
    uint8_t *p_ = (uint8_t *)&e_; /* any non-NULL value */                     \
    size_t n_ = 777;                                                           \
    memset(&e_, 0, sizeof e_);                                                 \
    rc_ = T##_to_##o##_bytes(&(x), &p_, &n_, &e_);                             \
    if (bad) {                                                                 \
      assert_int_equal(rc_, BEBYTES_EBITFIELD);                                \
      check_error(&e_, &(want));                                               \
      assert_ptr_equal(p_, (uint8_t *)&e_);                                    \
      assert_int_equal(n_, 777);                                               \
    } else {                                                                   \
      assert_int_equal(rc_, 0);                                                \
      assert_int_equal(n_, T##_SIZE);                                          \
      assert_memory_equal(p_, raw_, T##_SIZE);                                 \
      free(p_);                                                                \
    }                                                                          \
  } while (0)

#define CHECK_PROPERTY(T, iters, r, counts)                                    \
  do {                                                                         \
    bebytes_buf b_;                                                            \
    bebytes_buf_init(&b_, 0);                                                  \
    for (int it_ = 0; it_ < (iters); it_++) {                                  \
      T x_;                                                                    \
      fill(T##_meta(), &x_, r, 1);                                             \
      bad_field want_ = {NULL, 0, 0};                                          \
      int bad_ = first_bad(T##_meta(), &x_, &want_);                           \
      (counts)[bad_]++;                                                        \
      CHECK_ORDER(T, be, x_, bad_, want_, b_);                                 \
      CHECK_ORDER(T, le, x_, bad_, want_, b_);                                 \
    }                                                                          \
    bebytes_buf_free(&b_);                                                     \
  } while (0)

static void test_checked_property(void **state) {
  rng *r = *state;
  int counts[2] = {0, 0};
  CHECK_PROPERTY(tc_spread, 3000, r, counts);
  CHECK_PROPERTY(tc_far, 2000, r, counts);
  CHECK_PROPERTY(tc_outer, 2000, r, counts);
  CHECK_PROPERTY(bebytes_bench_bitfield, 2000, r, counts);
  CHECK_PROPERTY(bebytes_bench_ipv4, 2000, r, counts);
  CHECK_PROPERTY(bebytes_bench_tcp, 2000, r, counts);
  CHECK_PROPERTY(bebytes_bench_packet, 2000, r, counts);
  /* Both outcomes must really have been exercised. */
  assert_true(counts[0] > 1000);
  assert_true(counts[1] > 1000);
}

/* Every single field just past its maximum, and exactly at it. */
static void test_each_field_at_the_edge(void **state) {
  (void)state;
  const bebytes_struct_meta *m = tc_spread_meta();
  bebytes_buf b;
  bebytes_buf_init(&b, 0);
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    if (strcmp(f->kind, "bits") != 0 || f->bits >= 64)
      continue;
    for (int over = 0; over < 2; over++) {
      tc_spread x;
      memset(&x, 0xFF, sizeof x); /* padding all ones */
      x.a = 0, x.b = 0, x.c = 0, x.x = ~UINT64_C(0), x.d = 0, x.e = 0;
      x.f = 0, x.g = 0, x.h = 0, x.y = 0xFF;
      uint64_t v = f->is_signed ? mask_of(f->bits) >> 1 : mask_of(f->bits);
      v += (uint64_t)over;
      memcpy((uint8_t *)&x + f->offset, &v, f->csize);
      bad_field want = {
          f->name, v, f->is_signed ? mask_of(f->bits) >> 1 : mask_of(f->bits)};
      CHECK_ORDER(tc_spread, be, x, over, want, b);
      CHECK_ORDER(tc_spread, le, x, over, want, b);
    }
  }
  bebytes_buf_free(&b);
}

/* Nested: the error names the inner field; nothing of the outer struct is
 * written before it is found. */
static void test_nested_error(void **state) {
  (void)state;
  bebytes_bench_packet p;
  memset(&p, 0, sizeof p);
  p.ip.version = 4;
  p.ip.fragment_offset = 0x2000;
  uint8_t out[64];
  memset(out, SENTINEL, sizeof out);
  bebytes_error e;
  assert_int_equal(
      bebytes_bench_packet_encode_be_into(&p, out, sizeof out, NULL, &e),
      BEBYTES_EBITFIELD);
  assert_string_equal(e.field, "fragment_offset");
  assert_int_equal(e.value, 0x2000);
  assert_int_equal(e.max, 0x1FFF);
  assert_true(all_sentinel(out, sizeof out));
  p.ip.fragment_offset = 0;
  p.tcp.urg = 2;
  assert_int_equal(
      bebytes_bench_packet_encode_le_into(&p, out, sizeof out, NULL, &e),
      BEBYTES_EBITFIELD);
  assert_string_equal(e.field, "urg");
  assert_int_equal(e.max, 1);
  assert_true(all_sentinel(out, sizeof out));
  p.tcp.urg = 1;
  size_t w = 0;
  assert_int_equal(
      bebytes_bench_packet_encode_le_into(&p, out, sizeof out, &w, &e), 0);
  assert_int_equal(w, bebytes_bench_packet_SIZE);
}

static int setup(void **state) {
  static rng r;
  r.s = seed_from_env();
  *state = &r;
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_checked_property),
      cmocka_unit_test(test_each_field_at_the_edge),
      cmocka_unit_test(test_nested_error),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
