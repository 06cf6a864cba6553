/*
 * Declarative layer: every error code with its detail, NULL and undersized
 * arguments for every generated method, truncated input at every length.
 * Nothing may abort or read past the input (ASan runs this too).
 */
#include <stdlib.h>

#include "test_structs.h"
#include "test_util.h"

static void test_null_args(void **state) {
  (void)state;
  bebytes_bench_medium m = {0};
  uint8_t *p = NULL;
  size_t n = 0;
  bebytes_buf b = {0};
  uint8_t out[64];
  bebytes_error e;
  assert_int_equal(bebytes_bench_medium_to_be_bytes(NULL, &p, &n, &e),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_to_le_bytes(&m, NULL, &n, &e),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_to_be_bytes(&m, &p, NULL, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encode_be_to(NULL, &b, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encode_le_to(&m, NULL, NULL),
                   BEBYTES_EINVAL);
  bebytes_buf bad = {NULL, 3, 0, 0};
  assert_int_equal(bebytes_bench_medium_encode_be_to(&m, &bad, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encode_be_into(NULL, out, 64, &n, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encode_le_into(&m, NULL, 64, &n, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_decode_be(NULL, out, 64, &n, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_decode_le(&m, NULL, 64, &n, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encoded_size(NULL, &n, NULL),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_bench_medium_encoded_size(&m, NULL, NULL),
                   BEBYTES_EINVAL);
  /* used and written may be NULL. */
  assert_int_equal(bebytes_bench_medium_encode_be_into(&m, out, 64, NULL, NULL),
                   0);
  assert_int_equal(bebytes_bench_medium_decode_be(&m, out, 64, NULL, NULL), 0);
  assert_null(p);
}

static void test_empty_and_short(void **state) {
  (void)state;
  bebytes_bench_bitfield b;
  bebytes_error e;
  uint8_t in[8] = {0x4A, 0x40, 0x07, 0x12, 0x34, 0x56, 0x78};
  assert_int_equal(bebytes_bench_bitfield_decode_be(&b, in, 0, NULL, &e),
                   BEBYTES_EEMPTY);
  assert_int_equal(e.code, BEBYTES_EEMPTY);
  for (size_t len = 1; len < 7; len++) {
    assert_int_equal(bebytes_bench_bitfield_decode_be(&b, in, len, NULL, &e),
                     BEBYTES_EINSUFFICIENT);
    assert_int_equal(e.expected, 7);
    assert_int_equal(e.actual, len);
  }
  /* Variable struct: truncation at every length of a valid encoding. */
  const uint8_t pl[3] = {1, 2, 3};
  ts_nested n;
  memset(&n, 0, sizeof n);
  n.hdr.len = 3;
  n.payload = (bebytes_slice){pl, 3};
  n.mid.count = 1;
  n.items.count = 1;
  uint8_t enc[64];
  size_t w = 0;
  assert_int_equal(ts_nested_encode_be_into(&n, enc, sizeof enc, &w, NULL), 0);
  for (size_t len = 1; len < w; len++) {
    uint8_t *copy = malloc(len); /* exact size so ASan sees any over-read */
    memcpy(copy, enc, len);
    ts_nested back;
    int rc = ts_nested_decode_be(&back, copy, len, NULL, &e);
    assert_int_equal(rc, BEBYTES_EINSUFFICIENT);
    assert_true(e.expected > e.actual);
    free(copy);
  }
  /* Size field larger than the input. */
  uint8_t dv[] = {200, 1, 2, 3, 4, 5};
  bebytes_bench_dynamic_vector d;
  assert_int_equal(
      bebytes_bench_dynamic_vector_decode_be(&d, dv, sizeof dv, NULL, &e),
      BEBYTES_EINSUFFICIENT);
  assert_int_equal(e.offset, 1);
  assert_int_equal(e.expected, 200);
  assert_int_equal(e.actual, 5);
}

static void test_output_full(void **state) {
  (void)state;
  bebytes_bench_large l = {0};
  uint8_t out[231];
  bebytes_error e;
  size_t w = 99;
  assert_int_equal(
      bebytes_bench_large_encode_be_into(&l, out, sizeof out, &w, &e),
      BEBYTES_EFULL);
  assert_int_equal(e.expected, 232);
  assert_int_equal(e.actual, 231);
  assert_int_equal(w, 99);
  bebytes_buf lim;
  bebytes_buf_init(&lim, 100);
  assert_int_equal(bebytes_bench_large_encode_be_to(&l, &lim, &e),
                   BEBYTES_EFULL);
  assert_int_equal(lim.len, 0);
  bebytes_buf_free(&lim);
}

static void test_bitfield_range(void **state) {
  (void)state;
  bebytes_error e;
  uint8_t out[16];
  bebytes_bench_bitfield b = {16, 0, 0, 0, 0};
  assert_int_equal(bebytes_bench_bitfield_encode_be_into(&b, out, 16, NULL, &e),
                   BEBYTES_EBITFIELD);
  assert_int_equal(e.value, 16);
  assert_int_equal(e.max, 15);
  assert_string_equal(e.field, "version");
  b.version = 0;
  b.length = 4096;
  assert_int_equal(bebytes_bench_bitfield_encode_le_into(&b, out, 16, NULL, &e),
                   BEBYTES_EBITFIELD);
  assert_string_equal(e.field, "length");
  assert_int_equal(e.max, 4095);
  /* The raw path masks instead: the value can never reach a neighbour. */
  bebytes_bench_bitfield r = {0x1F, 0, 0xFFFF, 0, 0};
  bebytes_bench_bitfield_encode_be_raw(&r, out);
  assert_hex(out, 7, "F0 FF F0 00 00 00 00");
  /* Signed bit fields: range is -8..7 for 4 bits. */
  ts_bsigned s = {8, 0, 0};
  assert_int_equal(ts_bsigned_encode_be_into(&s, out, 16, NULL, &e),
                   BEBYTES_EBITFIELD);
  s.a = -9;
  assert_int_equal(ts_bsigned_encode_be_into(&s, out, 16, NULL, &e),
                   BEBYTES_EBITFIELD);
  s.a = 7;
  s.b = -2048;
  assert_int_equal(ts_bsigned_encode_be_into(&s, out, 16, NULL, &e), 0);
  /* char bit field: must be a scalar and fit. */
  ts_bchar c = {0x10000, 0};
  assert_int_equal(ts_bchar_encode_be_into(&c, out, 16, NULL, &e),
                   BEBYTES_EBITFIELD);
  c.c = 0xD800;
  assert_int_equal(ts_bchar_encode_be_into(&c, out, 16, NULL, &e),
                   BEBYTES_ECHAR);
  uint8_t sur[4] = {0xD8, 0x00, 0, 0};
  assert_int_equal(ts_bchar_decode_be(&c, sur, 4, NULL, &e), BEBYTES_ECHAR);
}

static void test_discriminants(void **state) {
  (void)state;
  bebytes_error e;
  ts_scalars s;
  uint8_t in[ts_scalars_SIZE];
  memset(in, 0, sizeof in);
  in[30] = 2; /* bool byte */
  assert_int_equal(ts_scalars_decode_be(&s, in, sizeof in, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  assert_int_equal(e.value, 2);
  assert_string_equal(e.type_name, "bool");
  in[30] = 1;
  in[44] = 0x11; /* char 0x00110000 > U+10FFFF */
  assert_int_equal(ts_scalars_decode_be(&s, in, sizeof in, NULL, &e),
                   BEBYTES_ECHAR);
  assert_int_equal(e.value, 0x110000);
  memset(&s, 0, sizeof s);
  s.l = 0xDFFF;
  uint8_t out[128];
  assert_int_equal(ts_scalars_encode_be_into(&s, out, 128, NULL, &e),
                   BEBYTES_ECHAR);
  /* Option tag. */
  uint8_t o[8] = {2, 0, 0, 0, 0, 0, 0, 0};
  ts_opts op;
  assert_int_equal(ts_opts_decode_be(&op, o, 8, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  assert_string_equal(e.type_name, "Option");
  assert_int_equal(e.value, 2);
  o[0] = 0;
  o[3] = 7;
  assert_int_equal(ts_opts_decode_be(&op, o, 8, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  /* Enums and flags. */
  uint8_t en[8] = {0x01, 0x2D, 5, 1, 0, 0, 0, 1};
  ts_enums x;
  assert_int_equal(ts_enums_decode_be(&x, en, 8, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  assert_int_equal(e.value, 301);
  assert_string_equal(e.type_name, "ts_color");
  en[1] = 0x2C;
  en[2] = 3;
  assert_int_equal(ts_enums_decode_be(&x, en, 8, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  en[2] = 2;
  en[3] = 8; /* unknown flag bit */
  assert_int_equal(ts_enums_decode_be(&x, en, 8, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  assert_string_equal(e.type_name, "ts_perm");
  ts_enums bad = {(ts_color)7, TS_S0, 0, 0};
  assert_int_equal(ts_enums_encode_be_into(&bad, out, 128, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
  ts_enums badf = {TS_RED, TS_S0, 16, 0};
  assert_int_equal(ts_enums_encode_le_into(&badf, out, 128, NULL, &e),
                   BEBYTES_EDISCRIMINANT);
}

static void test_sizes_and_markers(void **state) {
  (void)state;
  bebytes_error e;
  uint8_t out[128];
  uint8_t d16[15] = {0};
  /* Fixed-size vector with the wrong length: an error, not a panic. */
  bebytes_bench_vector v = {1, {d16, 15}, 2};
  assert_int_equal(bebytes_bench_vector_encode_be_into(&v, out, 128, NULL, &e),
                   BEBYTES_ESIZE);
  assert_int_equal(e.expected, 16);
  assert_int_equal(e.actual, 15);
  assert_string_equal(e.field, "fixed_data");
  /* Length field disagreeing with the data. */
  bebytes_bench_dynamic_vector dv = {3, {d16, 2}, 0};
  assert_int_equal(
      bebytes_bench_dynamic_vector_encode_be_into(&dv, out, 128, NULL, &e),
      BEBYTES_ESIZE);
  /* NULL data with a length. */
  bebytes_bench_dynamic_vector dn = {3, {NULL, 3}, 0};
  assert_int_equal(
      bebytes_bench_dynamic_vector_encode_be_into(&dn, out, 128, NULL, &e),
      BEBYTES_EINVAL);
  /* Element count beyond capacity, on encode and on decode. */
  ts_nested n;
  memset(&n, 0, sizeof n);
  n.items.count = 5;
  n.mid.count = 5;
  assert_int_equal(ts_nested_encode_be_into(&n, out, 128, NULL, &e),
                   BEBYTES_ESIZE);
  uint8_t nin[32] = {0, 0, 0, 0, 0, 0, 9};
  assert_int_equal(ts_nested_decode_be(&n, nin, sizeof nin, NULL, &e),
                   BEBYTES_ESIZE);
  assert_int_equal(e.value, 9);
  /* Until-marker: missing marker on a non-last field; marker in data. */
  ts_markers m;
  uint8_t min[4] = {1, 2, 3, 4};
  assert_int_equal(ts_markers_decode_be(&m, min, 4, NULL, &e), BEBYTES_EMARKER);
  assert_int_equal(e.marker, 0);
  assert_string_equal(e.field, "a");
  const uint8_t withz[2] = {1, 0};
  ts_markers mm = {0, {withz, 2}, 0, {NULL, 0}};
  assert_int_equal(ts_markers_encode_be_into(&mm, out, 128, NULL, &e),
                   BEBYTES_EINVAL);
  /* Segments: missing marker, wrong count. */
  ts_segs sg;
  uint8_t sin[4] = {2, 1, 0, 5};
  assert_int_equal(ts_segs_decode_be(&sg, sin, 4, NULL, &e), BEBYTES_EMARKER);
  memset(&sg, 0, sizeof sg);
  sg.n = 1;
  sg.s.count = 2;
  assert_int_equal(ts_segs_encode_be_into(&sg, out, 128, NULL, &e),
                   BEBYTES_ESIZE);
  sg.s.count = 1;
  sg.s.items[0] = (bebytes_slice){withz, 2};
  assert_int_equal(ts_segs_encode_be_into(&sg, out, 128, NULL, &e),
                   BEBYTES_EINVAL);
  /* Slices claiming huge lengths overflow the size check, not memory. */
  ts_rest r = {1, {d16, SIZE_MAX - 1}};
  assert_int_equal(ts_rest_encode_be_into(&r, out, 128, NULL, &e),
                   BEBYTES_EINVAL);
}

static void test_utf8_and_expr(void **state) {
  (void)state;
  bebytes_error e;
  uint8_t out[64];
  ts_strs s = {{"hell\xC3", 5}, 0, {NULL, 0}, {NULL, 0}, {NULL, 0}};
  assert_int_equal(ts_strs_encode_be_into(&s, out, 64, NULL, &e),
                   BEBYTES_EUTF8);
  assert_string_equal(e.field, "fixed");
  uint8_t in[] = {'h', 'e', 'l', 'l', 'o', 0, 2, 0xC0, 0x80, ';'};
  assert_int_equal(ts_strs_decode_be(&s, in, sizeof in, NULL, &e),
                   BEBYTES_EUTF8);
  assert_string_equal(e.field, "named");
  assert_int_equal(e.offset, 7);
  /* Division by zero in a size expression: an error, never UB. */
  uint8_t dz[] = {4, 0, 1, 2};
  ts_exprdiv x;
  assert_int_equal(ts_exprdiv_decode_be(&x, dz, sizeof dz, NULL, &e),
                   BEBYTES_EEXPR);
  assert_string_equal(e.field, "data");
  assert_string_equal(e.type_name, "division by zero in size expression");
  ts_exprdiv xe = {4, 0, {NULL, 0}};
  assert_int_equal(ts_exprdiv_encode_le_into(&xe, out, 64, NULL, &e),
                   BEBYTES_EEXPR);
  /* Underflow: h.len - 1 with h.len = 0. */
  uint8_t uf[] = {1, 0, 0};
  ts_exprpath p;
  assert_int_equal(ts_exprpath_decode_be(&p, uf, sizeof uf, NULL, &e),
                   BEBYTES_EEXPR);
  /* Expression size mismatch on encode. */
  ts_expr ex;
  memset(&ex, 0, sizeof ex);
  ex.rows = 1;
  ex.cols = 1;
  assert_int_equal(ts_expr_encode_be_into(&ex, out, 64, NULL, &e),
                   BEBYTES_ESIZE);
  assert_int_equal(e.expected, 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_null_args),
      cmocka_unit_test(test_empty_and_short),
      cmocka_unit_test(test_output_full),
      cmocka_unit_test(test_bitfield_range),
      cmocka_unit_test(test_discriminants),
      cmocka_unit_test(test_sizes_and_markers),
      cmocka_unit_test(test_utf8_and_expr),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
