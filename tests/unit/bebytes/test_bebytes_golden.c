/*
 * Golden byte strings for every field kind in both byte orders, including
 * the NOTES §5 examples and the BeBytes-verified vectors of
 * shared/reference/bebytes-facts.md §5. Every vector is checked in both
 * directions: encode gives the bytes, decoding the bytes gives the value
 * back and consumes all of them.
 */
#include <math.h>
#include <stdlib.h>

#include "test_structs.h"
#include "test_util.h"

/* Encode through the caller-array method, compare, decode, re-encode. */
#define GOLD(T, sp, o, hex)                                                    \
  do {                                                                         \
    uint8_t out_[512] = {0};                                                   \
    size_t w_ = 0, u_ = 0;                                                     \
    bebytes_error e_;                                                          \
    int rc_ = T##_encode_##o##_into(sp, out_, sizeof out_, &w_, &e_);          \
    if (rc_) {                                                                 \
      char m_[200];                                                            \
      bebytes_error_format(&e_, m_, sizeof m_);                                \
      fail_msg("encode failed: %s", m_);                                       \
    }                                                                          \
    assert_hex(out_, w_, hex);                                                 \
    T back_;                                                                   \
    memset(&back_, 0, sizeof back_);                                           \
    assert_int_equal(T##_decode_##o(&back_, out_, w_, &u_, NULL), 0);          \
    assert_int_equal(u_, w_);                                                  \
    uint8_t again_[512] = {0};                                                 \
    size_t w2_ = 0;                                                            \
    assert_int_equal(                                                          \
        T##_encode_##o##_into(&back_, again_, sizeof again_, &w2_, NULL), 0);  \
    assert_hex(again_, w2_, hex);                                              \
  } while (0)

static void test_notes_bit_examples(void **state) {
  (void)state;
  ts_b44 a = {0xA, 0x5};
  GOLD(ts_b44, &a, be, "A5");
  GOLD(ts_b44, &a, le, "5A");
  ts_b35 b = {5, 0x1A};
  GOLD(ts_b35, &b, be, "BA");
  GOLD(ts_b35, &b, le, "D5");
  ts_b1220 c = {0xABC, 0xDEF01};
  GOLD(ts_b1220, &c, be, "AB CD EF 01");
  GOLD(ts_b1220, &c, le, "BC 1A F0 DE");
  /* The HTTP/2 frame header {24,8,8,1,31}. */
  bebytes_bench_http2 h = {1024, 0, 1, 0, 1};
  GOLD(bebytes_bench_http2, &h, be, "00 04 00 00 01 00 00 00 01");
  GOLD(bebytes_bench_http2, &h, le, "00 04 00 00 01 02 00 00 00");
}

static void test_bebytes_bit_vectors(void **state) {
  (void)state;
  ts_b121073 a = {0x123, 0x1FF, 65, 2};
  GOLD(ts_b121073, &a, be, "12 37 FE 0A");
  GOLD(ts_b121073, &a, le, "23 F1 5F 50");
  ts_b763 b = {1, 0x21, 5};
  GOLD(ts_b763, &b, be, "03 0D");
  GOLD(ts_b763, &b, le, "81 B0");
  ts_b168 c = {0x1234, 0x56};
  GOLD(ts_b168, &c, be, "12 34 56");
  GOLD(ts_b168, &c, le, "34 12 56");
  ts_b1141 d = {1, 0x1234, 1};
  GOLD(ts_b1141, &d, be, "A4 69");
  GOLD(ts_b1141, &d, le, "69 A4");
  ts_b1141 d2 = {0, 16383, 1};
  GOLD(ts_b1141, &d2, le, "FE FF");
  ts_bchar e = {'A', 0x1234};
  GOLD(ts_bchar, &e, be, "00 41 12 34");
  GOLD(ts_bchar, &e, le, "41 00 34 12");
  /* {n, FromField Vec, 4, 4} = {2, [7,8], C, D} -> 02 07 08 CD. */
  const uint8_t v[2] = {7, 8};
  ts_bafter f = {2, {v, 2}, 0xC, 0xD};
  GOLD(ts_bafter, &f, be, "02 07 08 CD");
  GOLD(ts_bafter, &f, le, "02 07 08 DC");
}

static void test_wide_and_signed_bits(void **state) {
  (void)state;
  ts_bwide w = {0xA, 0x0123456789ABCDEFull, 0x5};
  GOLD(ts_bwide, &w, be, "A0 12 34 56 78 9A BC DE F5");
  /* LE: a in the low nibble, then b's 64 bits, then c in the top nibble. */
  GOLD(ts_bwide, &w, le, "FA DE BC 9A 78 56 34 12 50");
  ts_bsigned s = {-1, -1, -2};
  GOLD(ts_bsigned, &s, be, "FF FF FF FF FF FF FF FF FF FE");
  GOLD(ts_bsigned, &s, le, "FF FF FE FF FF FF FF FF FF FF");
  ts_bsigned s2 = {-8, 2047, INT64_MIN};
  GOLD(ts_bsigned, &s2, be, "87 FF 80 00 00 00 00 00 00 00");
  ts_bsigned back;
  uint8_t in[10];
  hex_parse("FF FF FF FF FF FF FF FF FF FE", in, sizeof in);
  assert_int_equal(ts_bsigned_decode_be(&back, in, 10, NULL, NULL), 0);
  assert_int_equal(back.a, -1); /* sign-extended (BeBytes would give 15) */
  assert_int_equal(back.b, -1);
  assert_int_equal(back.c, -2);
}

static void test_scalars(void **state) {
  (void)state;
  ts_scalars s = {.a = 0x01,
                  .b = 0x0203,
                  .c = 0x04050607,
                  .d = 0x08090A0B0C0D0E0Full,
                  .e = -2,
                  .f = -3,
                  .g = -4,
                  .h = -5,
                  .i = true,
                  .j = 1.5f,
                  .k = -2.0,
                  .l = 0x20AC,
                  .m = ((bebytes_u128)0x0102030405060708ull << 64) |
                       0x090A0B0C0D0E0F10ull,
                  .n = -1};
  GOLD(ts_scalars, &s, be,
       "01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F FE FF FD FF FF FF FC "
       "FF FF FF FF FF FF FF FB 01 3F C0 00 00 C0 00 00 00 00 00 00 00 00 00 "
       "20 AC 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 FF FF FF FF FF "
       "FF FF FF FF FF FF FF FF FF FF FF");
  GOLD(ts_scalars, &s, le,
       "01 03 02 07 06 05 04 0F 0E 0D 0C 0B 0A 09 08 FE FD FF FC FF FF FF "
       "FB FF FF FF FF FF FF FF 01 00 00 C0 3F 00 00 00 00 00 00 00 C0 AC 20 "
       "00 00 10 0F 0E 0D 0C 0B 0A 09 08 07 06 05 04 03 02 01 FF FF FF FF FF "
       "FF FF FF FF FF FF FF FF FF FF FF");
  assert_int_equal(ts_scalars_SIZE,
                   1 + 2 + 4 + 8 + 1 + 2 + 4 + 8 + 1 + 4 + 8 + 4 + 16 + 16);
  /* NaN and infinities keep their bit patterns. */
  ts_scalars n = s;
  n.j = NAN;
  n.k = -INFINITY;
  uint8_t out[128];
  size_t w = 0;
  assert_int_equal(ts_scalars_encode_be_into(&n, out, sizeof out, &w, NULL), 0);
  ts_scalars back;
  assert_int_equal(ts_scalars_decode_be(&back, out, w, NULL, NULL), 0);
  assert_true(isnan(back.j));
  assert_true(isinf(back.k) && back.k < 0);
}

static void test_option(void **state) {
  (void)state;
  ts_opts o = {{true, 0x0102}, {false, {0}}, {true, true}};
  GOLD(ts_opts, &o, be, "01 01 02 00 00 00 01 01");
  GOLD(ts_opts, &o, le, "01 02 01 00 00 00 01 01");
  ts_opts o2 = {{false, 0}, {true, {0xAB, 0xCD}}, {true, false}};
  GOLD(ts_opts, &o2, be, "00 00 00 01 AB CD 01 00");
}

static void test_enums_flags(void **state) {
  (void)state;
  assert_int_equal(ts_color__WIRE, 2);
  assert_int_equal(ts_small__WIRE, 1);
  assert_int_equal(ts_perm__WIRE, 1);
  assert_int_equal(ts_widefl__WIRE, 4);
  ts_enums e = {TS_BIG, TS_S5, TS_PERM_R | TS_PERM_X, TS_WF_A | TS_WF_C};
  GOLD(ts_enums, &e, be, "01 2C 05 05 00 01 00 01");
  GOLD(ts_enums, &e, le, "2C 01 05 05 01 00 01 00");
  /* Helpers. */
  uint64_t parts[4];
  assert_int_equal(ts_perm_decompose(7, parts, 4), 3);
  assert_int_equal(parts[0], TS_PERM_R);
  assert_int_equal(parts[1], TS_PERM_W);
  assert_int_equal(parts[2], TS_PERM_X);
  assert_int_equal(ts_perm_decompose(0, parts, 4), 0);
  assert_int_equal(ts_perm_decompose(7, parts, 1), 3); /* counts past max */
  assert_true(ts_perm_contains(7, TS_PERM_W));
  assert_false(ts_perm_contains(5, TS_PERM_W));
  ts_perm p = 0;
  bebytes_error err;
  assert_int_equal(ts_perm_from_bits(6, &p, NULL), 0);
  assert_int_equal(p, 6);
  assert_int_equal(ts_perm_from_bits(8, &p, &err), BEBYTES_EDISCRIMINANT);
  assert_int_equal(err.value, 8);
  assert_string_equal(ts_color_name(300), "TS_BIG");
  assert_null(ts_color_name(3));
  assert_true(ts_small_valid(0));
  assert_false(ts_small_valid(1));
}

static void test_nested(void **state) {
  (void)state;
  const uint8_t pl[3] = {0xA1, 0xA2, 0xA3};
  ts_nested n;
  memset(&n, 0, sizeof n);
  n.hdr = (ts_inner){7, 3};
  n.payload = (bebytes_slice){pl, 3};
  n.mid = (ts_middle){{1, 0x0203}, 2};
  n.items.count = 2;
  n.items.items[0] = (ts_inner){0x10, 0x1112};
  n.items.items[1] = (ts_inner){0x20, 0x2122};
  n.pair[0] = (ts_inner){0x30, 0x3132};
  n.pair[1] = (ts_inner){0x40, 0x4142};
  n.tail = 0xEE;
  GOLD(ts_nested, &n, be,
       "07 00 03 A1 A2 A3 01 02 03 02 10 11 12 20 21 22 30 31 32 40 41 42 EE");
  GOLD(ts_nested, &n, le,
       "07 03 00 A1 A2 A3 01 03 02 02 10 12 11 20 22 21 30 32 31 40 42 41 EE");
  size_t sz = 0;
  assert_int_equal(ts_nested_encoded_size(&n, &sz, NULL), 0);
  assert_int_equal(sz, 23);
  assert_int_equal(ts_nested_MIN_SIZE, 3 + 4 + 6 + 1);

  /* Unbounded vector of structs: stops at the end of input, or silently
   * at an element that does not parse (as BeBytes). */
  ts_vecrest v;
  memset(&v, 0, sizeof v);
  v.n = 9;
  v.items.count = 2;
  v.items.items[0] = (ts_inner){1, 2};
  v.items.items[1] = (ts_inner){3, 4};
  GOLD(ts_vecrest, &v, be, "09 01 00 02 03 00 04");
  uint8_t in[8];
  size_t n_in = hex_parse("09 01 00 02 03 00", in, sizeof in), used = 0;
  assert_int_equal(ts_vecrest_decode_be(&v, in, n_in, &used, NULL), 0);
  assert_int_equal(v.items.count, 1);
  assert_int_equal(used, 4);
}

static void test_expressions(void **state) {
  (void)state;
  const uint8_t d[7] = {1, 2, 3, 4, 5, 6, 7};
  ts_expr x;
  memset(&x, 0, sizeof x);
  x.rows = 2;
  x.cols = 3;
  x.data = (bebytes_slice){d, 7};
  x.name = (bebytes_str){"hi", 2};
  x.cells.count = 2;
  x.cells.items[0] = (ts_inner){1, 2};
  x.cells.items[1] = (ts_inner){3, 4};
  GOLD(ts_expr, &x, be, "02 03 01 02 03 04 05 06 07 68 69 01 00 02 03 00 04");
  GOLD(ts_expr, &x, le, "02 03 01 02 03 04 05 06 07 68 69 01 02 00 03 04 00");
  ts_exprpath p = {{1, 3}, {d, 2}};
  GOLD(ts_exprpath, &p, be, "01 00 03 01 02");
}

static void test_markers_strings(void **state) {
  (void)state;
  const uint8_t a[2] = {1, 2}, b[3] = {3, 0xFF, 4};
  ts_markers m = {9, {a, 2}, 8, {b, 3}};
  GOLD(ts_markers, &m, be, "09 01 02 00 08 FF 03 FF 04");
  GOLD(ts_markers, &m, le, "09 01 02 00 08 FF 03 FF 04");
  /* After-marker with no marker: empty, nothing consumed. */
  uint8_t in[16];
  size_t n = hex_parse("09 01 00 08 01 02", in, sizeof in), used = 0;
  assert_int_equal(ts_markers_decode_be(&m, in, n, &used, NULL), 0);
  assert_int_equal(m.b.len, 0);
  assert_int_equal(used, 4);
  /* Until-marker as the last field: a missing marker takes the rest. */
  ts_untillast u;
  memset(&u, 0, sizeof u);
  n = hex_parse("01 41 42", in, sizeof in);
  assert_int_equal(ts_untillast_decode_be(&u, in, n, &used, NULL), 0);
  assert_int_equal(u.line.len, 2);
  assert_int_equal(used, 3);
  ts_untillast u2 = {1, {(const uint8_t *)"AB", 2}};
  GOLD(ts_untillast, &u2, be, "01 41 42 0A");

  ts_strs s = {{"hello", 5}, 3, {"\xE2\x82\xAC", 3}, {"ab", 2}, {"zz", 2}};
  GOLD(ts_strs, &s, be, "68 65 6C 6C 6F 00 03 E2 82 AC 61 62 3B 7A 7A");
  GOLD(ts_strs, &s, le, "68 65 6C 6C 6F 03 00 E2 82 AC 61 62 3B 7A 7A");
  ts_rest r = {0x0102, {b, 3}};
  GOLD(ts_rest, &r, be, "01 02 03 FF 04");
  GOLD(ts_rest, &r, le, "02 01 03 FF 04");
}

static void test_segments(void **state) {
  (void)state;
  const uint8_t one[1] = {1};
  ts_segs s;
  memset(&s, 0, sizeof s);
  s.n = 2;
  s.s.count = 2;
  s.s.items[0] = (bebytes_slice){one, 1};
  s.s.items[1] = (bebytes_slice){NULL, 0};
  GOLD(ts_segs, &s, be, "02 01 00 00");
  GOLD(ts_segs, &s, le, "02 01 00 00");
  ts_segs3 t;
  memset(&t, 0, sizeof t);
  t.s.count = 3;
  t.s.items[0] = (bebytes_slice){(const uint8_t *)"ab", 2};
  t.s.items[1] = (bebytes_slice){(const uint8_t *)"", 0};
  t.s.items[2] = (bebytes_slice){(const uint8_t *)"c", 1};
  t.end = 0x77;
  GOLD(ts_segs3, &t, be, "61 62 7C 7C 63 7C 77");
}

static void test_order_overrides(void **state) {
  (void)state;
  /* BeBytes ignores these attributes; libbebytes honours them. */
  ts_order o = {0x0102, 0x0304, 0x05060708, {9, 0x0A0B}, TS_BIG};
  GOLD(ts_order, &o, be, "02 01 03 04 05 06 07 08 09 0B 0A 01 2C");
  GOLD(ts_order, &o, le, "02 01 04 03 05 06 07 08 09 0B 0A 01 2C");
  const bebytes_struct_meta *m = ts_order_meta();
  assert_int_equal(m->fields[0].order, 'L');
  assert_int_equal(m->fields[1].order, 0);
  assert_int_equal(m->fields[2].order, 'B');
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_notes_bit_examples),
      cmocka_unit_test(test_bebytes_bit_vectors),
      cmocka_unit_test(test_wide_and_signed_bits),
      cmocka_unit_test(test_scalars),
      cmocka_unit_test(test_option),
      cmocka_unit_test(test_enums_flags),
      cmocka_unit_test(test_nested),
      cmocka_unit_test(test_expressions),
      cmocka_unit_test(test_markers_strings),
      cmocka_unit_test(test_segments),
      cmocka_unit_test(test_order_overrides),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
