/*
 * Layer 1: endian helpers, bounded reader, bounded writer, growable buffer,
 * including misuse of every public function (NULL arguments, short input,
 * full output, misaligned byte access, bad marks).
 */
#include <stdlib.h>

#include "bebytes/bebytes.h"
#include "test_util.h"

static void test_endian(void **state) {
  (void)state;
  uint8_t b[16];
  bebytes_store_be16(b, 0x0102);
  assert_hex(b, 2, "01 02");
  bebytes_store_le16(b, 0x0102);
  assert_hex(b, 2, "02 01");
  bebytes_store_be24(b, 0x010203);
  assert_hex(b, 3, "01 02 03");
  bebytes_store_le24(b, 0x010203);
  assert_hex(b, 3, "03 02 01");
  bebytes_store_be32(b, 0x01020304);
  assert_hex(b, 4, "01 02 03 04");
  bebytes_store_le32(b, 0x01020304);
  assert_hex(b, 4, "04 03 02 01");
  bebytes_store_be48(b, 0x010203040506);
  assert_hex(b, 6, "01 02 03 04 05 06");
  bebytes_store_le48(b, 0x010203040506);
  assert_hex(b, 6, "06 05 04 03 02 01");
  bebytes_store_be64(b, 0x0102030405060708);
  assert_hex(b, 8, "01 02 03 04 05 06 07 08");
  bebytes_store_le64(b, 0x0102030405060708);
  assert_hex(b, 8, "08 07 06 05 04 03 02 01");
  for (unsigned n = 1; n <= 8; n++) {
    uint64_t v = 0x0102030405060708ull >> (8 * (8 - n));
    bebytes_store_be_n(b, v, n);
    assert_int_equal(bebytes_load_be_n(b, n), v);
    assert_int_equal(b[0], 1);
    bebytes_store_le_n(b, v, n);
    assert_int_equal(bebytes_load_le_n(b, n), v);
    assert_int_equal(b[0], n);
  }
  assert_int_equal(bebytes_load_be_n(b, 0), 0); /* out of range: no access */
  bebytes_store_bef32(b, 1.5f);
  assert_hex(b, 4, "3F C0 00 00");
  assert_true(bebytes_load_bef32(b) == 1.5f);
  bebytes_store_lef64(b, -2.0);
  assert_hex(b, 8, "00 00 00 00 00 00 00 C0");
  assert_true(bebytes_load_lef64(b) == -2.0);
  bebytes_store_be128(b, ((bebytes_u128)1 << 64) | 2);
  assert_hex(b, 16, "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02");
  assert_true(
      bebytes_load_le128(b) ==
      (((bebytes_u128)0x0200000000000000ull << 64) | 0x0100000000000000ull));
}

static void test_reader_basic(void **state) {
  (void)state;
  uint8_t in[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  bebytes_reader r;
  bebytes_reader_init(&r, in, sizeof in);
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  assert_int_equal(bebytes_get_u8(&r, &u8), 0);
  assert_int_equal(u8, 1);
  assert_int_equal(bebytes_get_be16(&r, &u16), 0);
  assert_int_equal(u16, 0x0203);
  assert_int_equal(bebytes_get_le24(&r, &u32), 0);
  assert_int_equal(u32, 0x060504);
  bebytes_rmark m = bebytes_reader_mark(&r);
  uint64_t u64;
  assert_int_equal(bebytes_get_be48(&r, &u64), BEBYTES_EINSUFFICIENT);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_be32(&r, &u32), 0);
  assert_int_equal(u32, 0x0708090A);
  assert_int_equal(bebytes_reader_rollback(&r, m), 0);
  assert_int_equal(bebytes_reader_offset(&r), 6);
  const uint8_t *view = NULL;
  assert_int_equal(bebytes_get_view(&r, 2, &view), 0);
  assert_ptr_equal(view, in + 6);
  uint8_t two[2];
  assert_int_equal(bebytes_get_bytes(&r, two, 2), 0);
  assert_hex(two, 2, "09 0A");
  assert_int_equal(bebytes_reader_remaining(&r), 1);

  /* Short read: error latched with offset/expected/actual, cursor kept. */
  bebytes_error e;
  assert_int_equal(bebytes_get_be32(&r, &u32), BEBYTES_EINSUFFICIENT);
  assert_int_equal(bebytes_reader_offset(&r), 10);
  assert_int_equal(bebytes_reader_error(&r, &e), BEBYTES_EINSUFFICIENT);
  assert_int_equal(e.offset, 10);
  assert_int_equal(e.expected, 4);
  assert_int_equal(e.actual, 1);
  /* Sticky: even a read that would fit fails until cleared. */
  assert_int_equal(bebytes_get_u8(&r, &u8), BEBYTES_EINSUFFICIENT);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_u8(&r, &u8), 0);
  assert_int_equal(u8, 11);
  assert_int_equal(bebytes_skip(&r, 1), BEBYTES_EINSUFFICIENT);
  /* Rollback un-latches too. */
  assert_int_equal(bebytes_reader_rollback(&r, m), 0);
  assert_int_equal(bebytes_reader_error(&r, NULL), 0);
  float f;
  double d;
  uint8_t fb[12] = {0x3F, 0xC0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F};
  bebytes_reader_init(&r, fb, sizeof fb);
  assert_int_equal(bebytes_get_bef32(&r, &f), 0);
  assert_true(f == 1.5f);
  assert_int_equal(bebytes_get_lef64(&r, &d), 0);
  assert_true(d == 1.0);
}

static void test_reader_bits(void **state) {
  (void)state;
  uint8_t be[] = {0xA5}, le[] = {0x5A};
  uint64_t a, b;
  bebytes_reader r;
  bebytes_reader_init(&r, be, 1);
  assert_int_equal(bebytes_get_bits_be(&r, 4, &a), 0);
  assert_int_equal(bebytes_get_bits_be(&r, 4, &b), 0);
  assert_int_equal(a, 0xA);
  assert_int_equal(b, 0x5);
  bebytes_reader_init(&r, le, 1);
  assert_int_equal(bebytes_get_bits_le(&r, 4, &a), 0);
  assert_int_equal(bebytes_get_bits_le(&r, 4, &b), 0);
  assert_int_equal(a, 0xA);
  assert_int_equal(b, 0x5);
  /* {12,20} and the HTTP/2 header, both orders. */
  uint8_t x[] = {0xAB, 0xCD, 0xEF, 0x01}, y[] = {0xBC, 0x1A, 0xF0, 0xDE};
  bebytes_reader_init(&r, x, 4);
  assert_int_equal(bebytes_get_bits_be(&r, 12, &a), 0);
  assert_int_equal(bebytes_get_bits_be(&r, 20, &b), 0);
  assert_int_equal(a, 0xABC);
  assert_int_equal(b, 0xDEF01);
  bebytes_reader_init(&r, y, 4);
  assert_int_equal(bebytes_get_bits_le(&r, 12, &a), 0);
  assert_int_equal(bebytes_get_bits_le(&r, 20, &b), 0);
  assert_int_equal(a, 0xABC);
  assert_int_equal(b, 0xDEF01);
  /* 64 bits at phase 4. */
  uint8_t w[] = {0xA0, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF5};
  bebytes_reader_init(&r, w, sizeof w);
  assert_int_equal(bebytes_get_bits_be(&r, 4, &a), 0);
  assert_int_equal(bebytes_get_bits_be(&r, 64, &b), 0);
  assert_int_equal(b, 0x0123456789ABCDEFull);
  /* Misuse: byte read mid-byte, width 0 / 65, short, NULL out. */
  bebytes_reader_init(&r, x, 4);
  assert_int_equal(bebytes_get_bits_be(&r, 3, &a), 0);
  uint8_t u8;
  assert_int_equal(bebytes_get_u8(&r, &u8), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bits_be(&r, 0, &a), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bits_le(&r, 65, &a), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bits_be(&r, 30, &a), BEBYTES_EINSUFFICIENT);
  bebytes_error e;
  bebytes_reader_error(&r, &e);
  assert_int_equal(e.expected, 5);
  assert_int_equal(e.actual, 4);
  assert_int_equal(r.bit, 3); /* cursor unchanged */
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bits_be(&r, 5, NULL), BEBYTES_EINVAL);
}

static void test_reader_misuse(void **state) {
  (void)state;
  uint8_t u8;
  uint64_t v;
  const uint8_t *view;
  assert_int_equal(bebytes_get_u8(NULL, &u8), BEBYTES_EINVAL);
  assert_int_equal(bebytes_get_bits_be(NULL, 1, &v), BEBYTES_EINVAL);
  assert_int_equal(bebytes_get_bits_le(NULL, 1, &v), BEBYTES_EINVAL);
  assert_int_equal(bebytes_get_view(NULL, 1, &view), BEBYTES_EINVAL);
  assert_int_equal(bebytes_get_bytes(NULL, &u8, 1), BEBYTES_EINVAL);
  assert_int_equal(bebytes_skip(NULL, 1), BEBYTES_EINVAL);
  assert_int_equal(bebytes_reader_error(NULL, NULL), BEBYTES_EINVAL);
  assert_int_equal(bebytes_reader_remaining(NULL), 0);
  assert_int_equal(bebytes_reader_offset(NULL), 0);
  bebytes_reader_clear_error(NULL);
  bebytes_reader_init(NULL, NULL, 0);
  bebytes_rmark m0 = bebytes_reader_mark(NULL);
  assert_int_equal(bebytes_reader_rollback(NULL, m0), BEBYTES_EINVAL);
  bebytes_reader r;
  bebytes_reader_init(&r, NULL, 10); /* NULL data means empty */
  assert_int_equal(bebytes_reader_remaining(&r), 0);
  assert_int_equal(bebytes_get_u8(&r, &u8), BEBYTES_EINSUFFICIENT);
  uint8_t in[4] = {0};
  bebytes_reader_init(&r, in, 4);
  assert_int_equal(bebytes_get_u8(&r, NULL), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_view(&r, 1, NULL), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bytes(&r, NULL, 1), BEBYTES_EINVAL);
  bebytes_reader_clear_error(&r);
  assert_int_equal(bebytes_get_bytes(&r, NULL, 0), 0);
  /* A mark from the future or past the data is refused, nothing moves. */
  bebytes_rmark far = {3, 0};
  assert_int_equal(bebytes_reader_rollback(&r, far), BEBYTES_EINVAL);
  bebytes_rmark bad = {0, 9};
  assert_int_equal(bebytes_reader_rollback(&r, bad), BEBYTES_EINVAL);
  assert_int_equal(bebytes_reader_offset(&r), 0);
  assert_int_equal(bebytes_skip(&r, SIZE_MAX), BEBYTES_EINSUFFICIENT);
}

static void test_writer_fixed(void **state) {
  (void)state;
  uint8_t out[8];
  bebytes_writer w;
  bebytes_writer_init(&w, out, sizeof out);
  assert_int_equal(bebytes_put_u8(&w, 1), 0);
  assert_int_equal(bebytes_put_le16(&w, 0x0302), 0);
  assert_int_equal(bebytes_put_be24(&w, 0x040506), 0);
  bebytes_wmark m = bebytes_writer_mark(&w);
  assert_int_equal(bebytes_put_be32(&w, 0x0708090A), BEBYTES_EFULL);
  bebytes_error e;
  assert_int_equal(bebytes_writer_error(&w, &e), BEBYTES_EFULL);
  assert_int_equal(e.offset, 6);
  assert_int_equal(e.expected, 4);
  assert_int_equal(e.actual, 2);
  assert_int_equal(bebytes_writer_len(&w), 6);            /* nothing written */
  assert_int_equal(bebytes_put_u8(&w, 7), BEBYTES_EFULL); /* sticky */
  assert_int_equal(bebytes_writer_rollback(&w, m), 0);
  assert_int_equal(bebytes_put_be16(&w, 0x0708), 0);
  assert_hex(out, bebytes_writer_len(&w), "01 02 03 04 05 06 07 08");
  /* Width checks on 24/48-bit puts. */
  bebytes_writer_init(&w, out, sizeof out);
  assert_int_equal(bebytes_put_be24(&w, 0x1000000), BEBYTES_EBITFIELD);
  bebytes_writer_clear_error(&w);
  assert_int_equal(bebytes_put_le48(&w, 1ull << 48), BEBYTES_EBITFIELD);
  bebytes_writer_clear_error(&w);
  assert_int_equal(bebytes_put_le48(&w, 0x010203040506), 0);
  assert_hex(out, 6, "06 05 04 03 02 01");
  uint8_t *view;
  assert_int_equal(bebytes_put_view(&w, 2, &view), 0);
  assert_ptr_equal(view, out + 6);
  assert_int_equal(bebytes_put_bytes(&w, "x", 1), BEBYTES_EFULL);
}

static void test_writer_bits(void **state) {
  (void)state;
  uint8_t out[16];
  bebytes_writer w;
  /* HTTP/2 frame header through the bit-level API, both orders. */
  bebytes_writer_init(&w, out, sizeof out);
  assert_int_equal(bebytes_put_bits_be(&w, 24, 1024), 0);
  assert_int_equal(bebytes_put_bits_be(&w, 8, 0), 0);
  assert_int_equal(bebytes_put_bits_be(&w, 8, 1), 0);
  assert_int_equal(bebytes_put_bits_be(&w, 1, 0), 0);
  assert_int_equal(bebytes_put_bits_be(&w, 31, 1), 0);
  assert_hex(out, w.len, "00 04 00 00 01 00 00 00 01");
  bebytes_writer_init(&w, out, sizeof out);
  assert_int_equal(bebytes_put_bits_le(&w, 24, 1024), 0);
  assert_int_equal(bebytes_put_bits_le(&w, 8, 0), 0);
  assert_int_equal(bebytes_put_bits_le(&w, 8, 1), 0);
  assert_int_equal(bebytes_put_bits_le(&w, 1, 0), 0);
  assert_int_equal(bebytes_put_bits_le(&w, 31, 1), 0);
  assert_hex(out, w.len, "00 04 00 00 01 02 00 00 00");
  /* {3,5} and a rollback inside a partial byte. */
  bebytes_writer_init(&w, out, sizeof out);
  assert_int_equal(bebytes_put_bits_be(&w, 3, 5), 0);
  bebytes_wmark m = bebytes_writer_mark(&w);
  assert_int_equal(bebytes_put_bits_be(&w, 5, 0x1F), 0);
  assert_int_equal(bebytes_writer_rollback(&w, m), 0);
  assert_int_equal(bebytes_put_bits_be(&w, 5, 0x1A), 0);
  assert_hex(out, w.len, "BA");
  /* Out of range values are refused, never masked into neighbours. */
  assert_int_equal(bebytes_put_bits_be(&w, 4, 16), BEBYTES_EBITFIELD);
  bebytes_error e;
  bebytes_writer_error(&w, &e);
  assert_int_equal(e.value, 16);
  assert_int_equal(e.max, 15);
  bebytes_writer_clear_error(&w);
  assert_int_equal(bebytes_put_bits_le(&w, 0, 0), BEBYTES_EINVAL);
  bebytes_writer_clear_error(&w);
  assert_int_equal(bebytes_put_bits_le(&w, 3, 1), 0);
  assert_int_equal(bebytes_put_u8(&w, 1), BEBYTES_EINVAL); /* mid-byte */
  bebytes_writer_clear_error(&w);
  uint8_t small[1];
  bebytes_writer_init(&w, small, 1);
  assert_int_equal(bebytes_put_bits_be(&w, 9, 1), BEBYTES_EFULL);
  assert_int_equal(w.len, 0);
  assert_int_equal(w.bit, 0);
}

static void test_writer_buf(void **state) {
  (void)state;
  bebytes_buf b;
  bebytes_buf_init(&b, 100);
  bebytes_writer w;
  bebytes_writer_init_buf(&w, &b);
  for (int i = 0; i < 25; i++)
    assert_int_equal(bebytes_put_be32(&w, (uint32_t)i), 0);
  assert_int_equal(b.len, 100);
  assert_int_equal(bebytes_put_u8(&w, 1), BEBYTES_EFULL); /* max reached */
  assert_int_equal(b.len, 100);
  assert_int_equal(b.data[99], 24);
  bebytes_buf_free(&b);
  /* Bits through a growing buffer keep the partial byte across growth. */
  bebytes_buf g = {0};
  bebytes_writer_init_buf(&w, &g);
  for (int i = 0; i < 200; i++)
    assert_int_equal(bebytes_put_bits_be(&w, 4, (uint64_t)(i & 0xF)), 0);
  assert_int_equal(g.len, 100);
  assert_int_equal(g.data[0], 0x01);
  assert_int_equal(g.data[99], 0x67);
  bebytes_buf_free(&g);
  bebytes_writer_init_buf(&w, NULL);
  assert_int_equal(bebytes_put_u8(&w, 1), BEBYTES_EINVAL);
}

static void test_writer_misuse(void **state) {
  (void)state;
  uint8_t *view;
  assert_int_equal(bebytes_put_u8(NULL, 1), BEBYTES_EINVAL);
  assert_int_equal(bebytes_put_be24(NULL, 1), BEBYTES_EINVAL);
  assert_int_equal(bebytes_put_bytes(NULL, "a", 1), BEBYTES_EINVAL);
  assert_int_equal(bebytes_put_view(NULL, 1, &view), BEBYTES_EINVAL);
  assert_int_equal(bebytes_put_bits_be(NULL, 1, 0), BEBYTES_EINVAL);
  assert_int_equal(bebytes_put_bits_le(NULL, 1, 0), BEBYTES_EINVAL);
  assert_int_equal(bebytes_writer_error(NULL, NULL), BEBYTES_EINVAL);
  assert_int_equal(bebytes_writer_len(NULL), 0);
  bebytes_writer_clear_error(NULL);
  bebytes_writer_init(NULL, NULL, 0);
  bebytes_writer_init_buf(NULL, NULL);
  bebytes_wmark m0 = bebytes_writer_mark(NULL);
  assert_int_equal(bebytes_writer_rollback(NULL, m0), BEBYTES_EINVAL);
  bebytes_writer w;
  uint8_t out[4];
  bebytes_writer_init(&w, out, 4);
  assert_int_equal(bebytes_put_bytes(&w, NULL, 1), BEBYTES_EINVAL);
  bebytes_writer_clear_error(&w);
  assert_int_equal(bebytes_put_view(&w, 1, NULL), BEBYTES_EINVAL);
  bebytes_writer_clear_error(&w);
  bebytes_wmark far = {3, 0, 0};
  assert_int_equal(bebytes_writer_rollback(&w, far), BEBYTES_EINVAL);
  bebytes_writer_init(&w, NULL, 4); /* NULL storage has no room */
  assert_int_equal(bebytes_put_u8(&w, 1), BEBYTES_EFULL);
}

static void test_buf(void **state) {
  (void)state;
  bebytes_buf b;
  bebytes_buf_init(&b, 0);
  assert_int_equal(bebytes_buf_append(&b, "abc", 3, NULL), 0);
  size_t cap = b.cap;
  bebytes_buf_clear(&b);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, cap); /* reuse keeps the storage */
  assert_int_equal(bebytes_buf_append(&b, "xy", 2, NULL), 0);
  bebytes_error e;
  assert_int_equal(bebytes_buf_reserve(&b, SIZE_MAX, &e), BEBYTES_EFULL);
  assert_int_equal(b.len, 2);
  size_t n = 0;
  uint8_t *p = bebytes_buf_detach(&b, &n);
  assert_int_equal(n, 2);
  assert_memory_equal(p, "xy", 2);
  free(p);
  assert_null(b.data);
  assert_null(bebytes_buf_detach(&b, NULL));
  bebytes_buf lim;
  bebytes_buf_init(&lim, 4);
  assert_int_equal(bebytes_buf_append(&lim, "abcde", 5, &e), BEBYTES_EFULL);
  assert_int_equal(bebytes_buf_append(&lim, "abcd", 4, NULL), 0);
  assert_int_equal(lim.cap, 4);
  bebytes_buf_free(&lim);
  /* Misuse. */
  assert_int_equal(bebytes_buf_append(NULL, "a", 1, NULL), BEBYTES_EINVAL);
  assert_int_equal(bebytes_buf_append(&b, NULL, 1, NULL), BEBYTES_EINVAL);
  assert_int_equal(bebytes_buf_reserve(NULL, 1, NULL), BEBYTES_EINVAL);
  bebytes_buf bad = {NULL, 5, 0, 0};
  assert_int_equal(bebytes_buf_reserve(&bad, 1, NULL), BEBYTES_EINVAL);
  bebytes_buf_init(NULL, 0);
  bebytes_buf_clear(NULL);
  bebytes_buf_free(NULL);
  assert_null(bebytes_buf_detach(NULL, &n));
  assert_int_equal(n, 0);
}

static void test_error_strings(void **state) {
  (void)state;
  assert_string_equal(bebytes_strerror(BEBYTES_EINSUFFICIENT),
                      "not enough bytes");
  assert_string_equal(bebytes_err_name(BEBYTES_EMARKER), "BEBYTES_EMARKER");
  assert_string_equal(bebytes_strerror(-999), "unknown error");
  assert_string_equal(bebytes_err_name(-999), "BEBYTES_EUNKNOWN");
  bebytes_error e = {0};
  char buf[128];
  e.code = BEBYTES_EINSUFFICIENT;
  e.expected = 3;
  e.actual = 1;
  bebytes_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf, "not enough bytes: expected 3, got 1 at offset 0");
  e.code = BEBYTES_EMARKER;
  e.marker = 0xFF;
  e.field = "data";
  bebytes_error_format(&e, buf, sizeof buf);
  assert_string_equal(buf,
                      "marker byte not found: marker 0xFF in field 'data'");
  e.code = BEBYTES_EBITFIELD;
  e.value = 16;
  e.max = 15;
  e.field = "flags";
  bebytes_error_format(&e, buf, sizeof buf);
  assert_string_equal(
      buf, "value exceeds bit-field range: value 16 exceeds maximum 15 for "
           "field flags");
  assert_int_equal(bebytes_error_format(NULL, buf, sizeof buf), -1);
  assert_true(bebytes_error_format(&e, NULL, 0) > 0); /* length only */
  char tiny[4];
  bebytes_error_format(&e, tiny, sizeof tiny);
  assert_int_equal(strlen(tiny), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_endian),       cmocka_unit_test(test_reader_basic),
      cmocka_unit_test(test_reader_bits),  cmocka_unit_test(test_reader_misuse),
      cmocka_unit_test(test_writer_fixed), cmocka_unit_test(test_writer_bits),
      cmocka_unit_test(test_writer_buf),   cmocka_unit_test(test_writer_misuse),
      cmocka_unit_test(test_buf),          cmocka_unit_test(test_error_strings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
