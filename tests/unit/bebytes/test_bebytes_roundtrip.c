/*
 * Property tests over seeded random values (the seed is printed; set
 * BEBYTES_SEED to replay): decode(encode(x)) == x in both byte orders and
 * through every method, and the generated straight-line bit-field codecs
 * agree with an independent reference built from the layer-1 bit writer
 * driven by the field metadata.
 */
#include <stdlib.h>

#include "test_structs.h"
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
static uint64_t rnd_bits(rng *r, unsigned w) {
  return w >= 64 ? rnd(r) : rnd(r) & ((UINT64_C(1) << w) - 1);
}

static uint64_t seed_from_env(void) {
  const char *s = getenv("BEBYTES_SEED");
  uint64_t seed = s ? strtoull(s, NULL, 0) : UINT64_C(0x9E3779B97F4A7C15);
  print_message("bebytes roundtrip seed 0x%llx\n", (unsigned long long)seed);
  return seed ? seed : 1;
}

/* Fills every integer / bit field of a flat struct with a random in-range
 * value, using the metadata (width, offset, size, signedness). */
static void fill_random(const bebytes_struct_meta *m, void *s, rng *r) {
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    if (!f->is_int)
      continue;
    unsigned w = f->bits;
    uint64_t v = rnd_bits(r, w);
    if (f->is_signed && w < 64 && (v >> (w - 1)) & 1)
      v |= ~UINT64_C(0) << w; /* sign-extend into the C type */
    memcpy((uint8_t *)s + f->offset, &v, f->csize); /* little-endian host */
  }
}

/* Reference encoder: the layer-1 bit writer, one put per field. */
static size_t ref_encode(const bebytes_struct_meta *m, const void *s, int le,
                         uint8_t *out, size_t cap) {
  bebytes_writer w;
  bebytes_writer_init(&w, out, cap);
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    uint64_t v = 0;
    memcpy(&v, (const uint8_t *)s + f->offset, f->csize);
    if (f->bits < 64)
      v &= (UINT64_C(1) << f->bits) - 1;
    int rc = le ? bebytes_put_bits_le(&w, f->bits, v)
                : bebytes_put_bits_be(&w, f->bits, v);
    assert_int_equal(rc, 0);
  }
  assert_int_equal(w.bit, 0);
  return w.len;
}

#define BITS_PROPERTY(T, iters, r)                                             \
  do {                                                                         \
    for (int it_ = 0; it_ < (iters); it_++) {                                  \
      T x_;                                                                    \
      memset(&x_, 0, sizeof x_);                                               \
      fill_random(T##_meta(), &x_, r);                                         \
      uint8_t a_[T##_SIZE], b_[T##_SIZE + 8], c_[T##_SIZE];                    \
      for (int le_ = 0; le_ < 2; le_++) {                                      \
        size_t n_ = ref_encode(T##_meta(), &x_, le_, b_, sizeof b_);           \
        assert_int_equal(n_, T##_SIZE);                                        \
        if (le_)                                                               \
          T##_encode_le_raw(&x_, a_);                                          \
        else                                                                   \
          T##_encode_be_raw(&x_, a_);                                          \
        assert_memory_equal(a_, b_, T##_SIZE);                                 \
        size_t w_ = 0;                                                         \
        assert_int_equal(                                                      \
            le_ ? T##_encode_le_into(&x_, c_, sizeof c_, &w_, NULL)            \
                : T##_encode_be_into(&x_, c_, sizeof c_, &w_, NULL),           \
            0);                                                                \
        assert_memory_equal(c_, b_, T##_SIZE);                                 \
        T y_;                                                                  \
        memset(&y_, 0, sizeof y_);                                             \
        size_t u_ = 0;                                                         \
        assert_int_equal(le_ ? T##_decode_le(&y_, a_, T##_SIZE, &u_, NULL)     \
                             : T##_decode_be(&y_, a_, T##_SIZE, &u_, NULL),    \
                         0);                                                   \
        assert_int_equal(u_, T##_SIZE);                                        \
        assert_memory_equal(&x_, &y_, sizeof x_);                              \
      }                                                                        \
    }                                                                          \
  } while (0)

static void test_bits_against_reference(void **state) {
  rng *r = *state;
  BITS_PROPERTY(ts_b44, 200, r);
  BITS_PROPERTY(ts_b35, 200, r);
  BITS_PROPERTY(ts_b1220, 500, r);
  BITS_PROPERTY(ts_b121073, 500, r);
  BITS_PROPERTY(ts_b763, 500, r);
  BITS_PROPERTY(ts_b1141, 500, r);
  BITS_PROPERTY(ts_bwide, 1000, r);
  BITS_PROPERTY(bebytes_bench_bitfield, 500, r);
  BITS_PROPERTY(bebytes_bench_bitfield8, 500, r);
  BITS_PROPERTY(bebytes_bench_ipv4, 500, r);
  BITS_PROPERTY(bebytes_bench_tcp, 500, r);
  BITS_PROPERTY(bebytes_bench_http2, 500, r);
  BITS_PROPERTY(bebytes_bench_dns, 500, r);
  BITS_PROPERTY(bebytes_bench_websocket, 200, r);
  BITS_PROPERTY(bebytes_bench_coap, 200, r);
  BITS_PROPERTY(bebytes_bench_small, 200, r);
}

/* Fills every bit field with a random value of its whole C type, usually
 * far out of range. */
static void fill_random_wide(const bebytes_struct_meta *m, void *s, rng *r) {
  for (size_t i = 0; i < m->nfields; i++) {
    const bebytes_field_meta *f = &m->fields[i];
    if (!f->is_int)
      continue;
    uint64_t v = rnd(r);
    memcpy((uint8_t *)s + f->offset, &v, f->csize);
  }
}

/* The raw path never lets bits above a field's width reach another field:
 * it must equal the reference encoder fed with masked values. */
#define RAW_MASK_PROPERTY(T, iters, r)                                         \
  do {                                                                         \
    for (int it_ = 0; it_ < (iters); it_++) {                                  \
      T x_;                                                                    \
      memset(&x_, 0, sizeof x_);                                               \
      fill_random_wide(T##_meta(), &x_, r);                                    \
      uint8_t a_[T##_SIZE], b_[T##_SIZE + 8];                                  \
      T##_encode_be_raw(&x_, a_);                                              \
      ref_encode(T##_meta(), &x_, 0, b_, sizeof b_);                           \
      assert_memory_equal(a_, b_, T##_SIZE);                                   \
      T##_encode_le_raw(&x_, a_);                                              \
      ref_encode(T##_meta(), &x_, 1, b_, sizeof b_);                           \
      assert_memory_equal(a_, b_, T##_SIZE);                                   \
    }                                                                          \
  } while (0)

static void test_raw_masks(void **state) {
  rng *r = *state;
  RAW_MASK_PROPERTY(ts_b44, 300, r);
  RAW_MASK_PROPERTY(ts_b35, 300, r);
  RAW_MASK_PROPERTY(ts_b1220, 300, r);
  RAW_MASK_PROPERTY(ts_b121073, 300, r);
  RAW_MASK_PROPERTY(ts_b763, 300, r);
  RAW_MASK_PROPERTY(ts_b1141, 300, r);
  RAW_MASK_PROPERTY(ts_bwide, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_bitfield, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_ipv4, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_tcp, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_http2, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_dns, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_websocket, 300, r);
  RAW_MASK_PROPERTY(bebytes_bench_coap, 300, r);
}

static void test_signed_roundtrip(void **state) {
  rng *r = *state;
  for (int i = 0; i < 2000; i++) {
    ts_bsigned s = {(int8_t)((int64_t)(rnd(r) % 16) - 8),
                    (int16_t)((int64_t)(rnd(r) % 4096) - 2048),
                    (int64_t)rnd(r)};
    uint8_t out[10];
    for (int le = 0; le < 2; le++) {
      ts_bsigned back;
      if (le) {
        ts_bsigned_encode_le_raw(&s, out);
        assert_int_equal(ts_bsigned_decode_le(&back, out, 10, NULL, NULL), 0);
      } else {
        assert_int_equal(ts_bsigned_encode_be_into(&s, out, 10, NULL, NULL), 0);
        assert_int_equal(ts_bsigned_decode_be(&back, out, 10, NULL, NULL), 0);
      }
      assert_int_equal(back.a, s.a);
      assert_int_equal(back.b, s.b);
      assert_int_equal(back.c, s.c);
    }
  }
}

/* Variable structs: random lengths and contents, every method. */
static void test_variable_roundtrip(void **state) {
  rng *r = *state;
  uint8_t pool[300];
  for (size_t i = 0; i < sizeof pool; i++)
    pool[i] = (uint8_t)rnd(r);
  for (int i = 0; i < 500; i++) {
    bebytes_bench_mixed m = {(uint8_t)rnd_bits(r, 2),
                             (uint8_t)rnd_bits(r, 6),
                             0,
                             {pool, 0},
                             (uint32_t)rnd(r)};
    m.length = (uint16_t)(rnd(r) % 300);
    m.payload.len = m.length;
    for (int le = 0; le < 2; le++) {
      uint8_t *p = NULL;
      size_t n = 0, used = 0;
      assert_int_equal(le ? bebytes_bench_mixed_to_le_bytes(&m, &p, &n, NULL)
                          : bebytes_bench_mixed_to_be_bytes(&m, &p, &n, NULL),
                       0);
      assert_int_equal(n, 7u + m.length);
      bebytes_bench_mixed back;
      memset(&back, 0, sizeof back);
      assert_int_equal(
          le ? bebytes_bench_mixed_decode_le(&back, p, n, &used, NULL)
             : bebytes_bench_mixed_decode_be(&back, p, n, &used, NULL),
          0);
      assert_int_equal(used, n);
      assert_int_equal(back.version, m.version);
      assert_int_equal(back.flags, m.flags);
      assert_int_equal(back.length, m.length);
      assert_int_equal(back.footer, m.footer);
      assert_memory_equal(back.payload.ptr, pool, m.length);
      assert_ptr_equal(back.payload.ptr, p + 3); /* zero copy */
      free(p);
    }
  }
  /* Nested with struct vectors and segments. */
  bebytes_buf b = {0};
  for (int i = 0; i < 300; i++) {
    ts_nested n;
    memset(&n, 0, sizeof n);
    n.hdr.tag = (uint8_t)rnd(r);
    n.hdr.len = (uint16_t)(rnd(r) % 100);
    n.payload = (bebytes_slice){pool, n.hdr.len};
    n.mid.count = (uint8_t)(rnd(r) % 5);
    n.items.count = n.mid.count;
    for (size_t k = 0; k < n.items.count; k++)
      n.items.items[k] = (ts_inner){(uint8_t)rnd(r), (uint16_t)rnd(r)};
    n.pair[1].len = (uint16_t)rnd(r);
    n.tail = (uint8_t)rnd(r);
    bebytes_buf_clear(&b);
    assert_int_equal(ts_nested_encode_le_to(&n, &b, NULL), 0);
    ts_nested back;
    memset(&back, 0, sizeof back);
    size_t used = 0;
    assert_int_equal(ts_nested_decode_le(&back, b.data, b.len, &used, NULL), 0);
    assert_int_equal(used, b.len);
    assert_int_equal(back.items.count, n.items.count);
    for (size_t k = 0; k < n.items.count; k++)
      assert_int_equal(back.items.items[k].len, n.items.items[k].len);
    assert_int_equal(back.pair[1].len, n.pair[1].len);
    assert_int_equal(back.tail, n.tail);
  }
  bebytes_buf_free(&b);
}

static int setup(void **state) {
  static rng r;
  r.s = seed_from_env();
  *state = &r;
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bits_against_reference),
      cmocka_unit_test(test_raw_masks),
      cmocka_unit_test(test_signed_roundtrip),
      cmocka_unit_test(test_variable_roundtrip),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
