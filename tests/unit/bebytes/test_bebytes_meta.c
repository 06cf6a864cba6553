/*
 * Field metadata (names, kinds, widths, offsets), dotted-path lookups, the
 * size-expression evaluator and the definition-time check.
 */
#include <stddef.h>

#include "test_structs.h"
#include "test_util.h"

static void test_field_meta(void **state) {
  (void)state;
  const bebytes_struct_meta *m = bebytes_bench_bitfield_meta();
  assert_string_equal(m->name, "bebytes_bench_bitfield");
  assert_int_equal(m->nfields, 5);
  assert_int_equal(m->min_size, 7);
  assert_true(m->fixed);
  assert_string_equal(m->fields[2].name, "length");
  assert_string_equal(m->fields[2].kind, "bits");
  assert_int_equal(m->fields[2].bits, 12);
  assert_int_equal(m->fields[2].offset,
                   offsetof(bebytes_bench_bitfield, length));
  assert_string_equal(m->fields[4].kind, "u32");
  assert_int_equal(m->fields[4].bits, 32);

  const bebytes_struct_meta *n = ts_nested_meta();
  assert_false(n->fixed);
  assert_string_equal(n->fields[0].kind, "struct");
  assert_ptr_equal(n->fields[0].nested(), ts_inner_meta());
  assert_string_equal(n->fields[1].kind, "bytes");
  assert_string_equal(n->fields[1].sizing, "field");
  assert_string_equal(n->fields[1].size_arg, "hdr.len");
  assert_string_equal(n->fields[3].kind, "struct_vec");
  assert_string_equal(n->fields[3].size_arg, "mid.count");
  assert_string_equal(ts_expr_meta()->fields[2].size_arg, "rows * cols + 1");
  assert_string_equal(ts_enums_meta()->fields[0].kind, "enum");
  assert_string_equal(ts_enums_meta()->fields[2].kind, "flags");
  assert_string_equal(ts_opts_meta()->fields[0].kind, "option<u16>");
  assert_string_equal(ts_strs_meta()->fields[0].kind, "string");
  assert_string_equal(ts_segs_meta()->fields[1].kind, "segments");
  assert_string_equal(ts_scalars_meta()->fields[11].kind, "char");
  assert_string_equal(ts_scalars_meta()->fields[13].kind, "i128");
  assert_true(ts_scalars_meta()->fields[7].is_signed);
  assert_non_null(bebytes_meta_field(m, "payload", 7));
  assert_null(bebytes_meta_field(m, "pay", 3));
  assert_null(bebytes_meta_field(NULL, "x", 1));
}

static void test_paths_and_expr(void **state) {
  (void)state;
  ts_nested n;
  memset(&n, 0, sizeof n);
  n.hdr.len = 300;
  n.mid.inner.len = 7;
  uint64_t v = 0;
  const bebytes_struct_meta *m = ts_nested_meta();
  assert_int_equal(bebytes_meta_get_uint(m, &n, "hdr.len", 7, &v), 0);
  assert_int_equal(v, 300);
  assert_int_equal(bebytes_meta_get_uint(m, &n, "mid.inner.len", 13, &v), 0);
  assert_int_equal(v, 7);
  assert_int_equal(bebytes_meta_get_uint(m, &n, "hdr", 3, &v), BEBYTES_EINVAL);
  assert_int_equal(bebytes_meta_get_uint(m, &n, "payload.x", 9, &v),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_meta_get_uint(m, &n, "nope", 4, &v), BEBYTES_EINVAL);
  assert_int_equal(bebytes_meta_get_uint(NULL, &n, "a", 1, &v), BEBYTES_EINVAL);

  ts_expr x;
  memset(&x, 0, sizeof x);
  x.rows = 6;
  x.cols = 7;
  const bebytes_struct_meta *xm = ts_expr_meta();
  bebytes_error e;
  assert_int_equal(
      bebytes_expr_eval("rows * cols + 1", xm, &x, "data", &v, NULL), 0);
  assert_int_equal(v, 43);
  assert_int_equal(bebytes_expr_eval("((rows + 2) * (cols - 3)) % 5", xm, &x,
                                     "data", &v, NULL),
                   0);
  assert_int_equal(v, 2);
  assert_int_equal(bebytes_expr_eval(" 10 / 3 - 1 ", xm, &x, "data", &v, NULL),
                   0);
  assert_int_equal(v, 2);
  assert_int_equal(bebytes_expr_eval("rows / 0", xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR);
  assert_int_equal(
      bebytes_expr_eval("rows % (cols - 7)", xm, &x, "data", &v, &e),
      BEBYTES_EEXPR);
  assert_int_equal(bebytes_expr_eval("cols - rows - 2", xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR);
  assert_string_equal(e.type_name, "negative result in size expression");
  assert_int_equal(
      bebytes_expr_eval("99999999999 * 99999999999", xm, &x, "data", &v, &e),
      BEBYTES_EEXPR);
  assert_int_equal(bebytes_expr_eval("rows +", xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR);
  assert_int_equal(bebytes_expr_eval("rows & 1", xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR);
  assert_int_equal(bebytes_expr_eval("name + 1", xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR); /* declared after "data" */
  assert_int_equal(bebytes_expr_eval("data", xm, &x, "name", &v, &e),
                   BEBYTES_EEXPR); /* not an integer */
  char deep[200];
  memset(deep, '(', 100);
  deep[100] = '1';
  memset(deep + 101, ')', 98);
  deep[199] = 0;
  assert_int_equal(bebytes_expr_eval(deep, xm, &x, "data", &v, &e),
                   BEBYTES_EEXPR);
  assert_int_equal(bebytes_expr_eval(NULL, xm, &x, "data", &v, &e),
                   BEBYTES_EINVAL);
  assert_int_equal(bebytes_expr_eval("1", xm, NULL, "data", &v, &e),
                   BEBYTES_EINVAL);
}

static void test_struct_check(void **state) {
  (void)state;
  bebytes_error e;
  /* Every good schema passes... */
  assert_int_equal(bebytes_struct_check(ts_expr_meta(), &e), 0);
  assert_int_equal(bebytes_struct_check(ts_exprpath_meta(), &e), 0);
  assert_int_equal(bebytes_struct_check(ts_nested_meta(), &e), 0);
  assert_int_equal(bebytes_struct_check(bebytes_bench_mixed_meta(), &e), 0);
  assert_int_equal(bebytes_struct_check(bebytes_bench_packet_meta(), &e), 0);
  /* ...and the bad ones are caught at definition time. */
  assert_int_equal(bebytes_struct_check(ts_badexpr1_meta(), &e), BEBYTES_EEXPR);
  assert_string_equal(e.type_name, "division by zero in size expression");
  assert_string_equal(e.field, "d");
  assert_int_equal(bebytes_struct_check(ts_badexpr2_meta(), &e), BEBYTES_EEXPR);
  assert_int_equal(bebytes_struct_check(ts_badexpr3_meta(), &e), BEBYTES_EEXPR);
  assert_int_equal(bebytes_struct_check(NULL, &e), BEBYTES_EINVAL);
}

static void test_utf8(void **state) {
  (void)state;
  assert_true(bebytes_utf8_valid((const uint8_t *)"", 0));
  assert_true(bebytes_utf8_valid(NULL, 0));
  assert_false(bebytes_utf8_valid(NULL, 1));
  assert_true(
      bebytes_utf8_valid((const uint8_t *)"a\xE2\x82\xAC\xF0\x9F\x98\x80", 8));
  assert_false(
      bebytes_utf8_valid((const uint8_t *)"\xC0\x80", 2)); /* overlong */
  assert_false(
      bebytes_utf8_valid((const uint8_t *)"\xED\xA0\x80", 3)); /* sur */
  assert_false(bebytes_utf8_valid((const uint8_t *)"\xF4\x90\x80\x80", 4));
  assert_false(bebytes_utf8_valid((const uint8_t *)"\xE2\x82", 2)); /* short */
  assert_false(bebytes_utf8_valid((const uint8_t *)"\x80", 1));
  assert_true(bebytes_char_valid(0x10FFFF));
  assert_false(bebytes_char_valid(0x110000));
  assert_false(bebytes_char_valid(0xD800));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_field_meta),
      cmocka_unit_test(test_paths_and_expr),
      cmocka_unit_test(test_struct_check),
      cmocka_unit_test(test_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
