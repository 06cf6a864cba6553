/* HTTP/2 frames (all types 0-9, padding, priority) and HPACK via nghttp2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http2.h"

/* The BeBytes wire example: {24,8,8,1,31} = {1024,0,1,0,1}. */
static void test_header_vector(void **st) {
  (void)st;
  static const uint8_t want[9] = {0x00, 0x04, 0x00, 0x00, 0x01,
                                  0x00, 0x00, 0x00, 0x01};
  proto_h2_frame f, d;
  memset(&f, 0, sizeof(f));
  f.length = 1024;
  f.type = 0;
  f.flags = 1;
  f.streamid = 1;
  uint8_t b[9];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_h2_encode_header(&f, &w), 0);
  assert_memory_equal(b, want, 9);
  bebytes_reader r;
  proto_reader_init(&r, want, 9);
  assert_int_equal(proto_h2_decode_header(&r, &d), 0);
  assert_int_equal(d.length, 1024);
  assert_int_equal(d.flags, 1);
  assert_int_equal(d.streamid, 1);
  assert_int_equal(d.r, 0);
  uint8_t rbit[9] = {0, 0, 0, 4, 0, 0x80, 0, 0, 3};
  proto_reader_init(&r, rbit, 9);
  assert_int_equal(proto_h2_decode_header(&r, &d), 0);
  assert_int_equal(d.r, 1);
  assert_int_equal(d.streamid, 3);
  f.streamid = 0x80000000u;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_h2_encode_header(&f, &w), PROTO_EMALFORMED);
}

static void test_all_types(void **st) {
  (void)st;
  static const uint8_t block[3] = {0x82, 0x86, 0x84};
  uint8_t b[256];
  for (uint8_t t = 0; t <= 9; t++) {
    proto_h2_frame f, d;
    memset(&f, 0, sizeof(f));
    f.type = t;
    f.streamid =
        t == PROTO_H2_SETTINGS || t == PROTO_H2_PING || t == PROTO_H2_GOAWAY
            ? 0
            : 5;
    switch (t) {
    case PROTO_H2_DATA:
    case PROTO_H2_HEADERS:
    case PROTO_H2_PUSH_PROMISE:
      f.flags = PROTO_H2_F_PADDED | PROTO_H2_F_END_HEADERS;
      if (t == PROTO_H2_HEADERS)
        f.flags |= PROTO_H2_F_PRIORITY;
      f.pad_length = 7;
      f.data = (proto_view){block, 3};
      f.exclusive = 1;
      f.stream_dependency = 3;
      f.weight = 200;
      f.promised_stream_id = 2;
      break;
    case PROTO_H2_PRIORITY:
      f.stream_dependency = 11;
      f.weight = 15;
      break;
    case PROTO_H2_RST_STREAM:
      f.error_code = 8;
      break;
    case PROTO_H2_SETTINGS:
      f.nsettings = 2;
      f.setting_id[0] = 3;
      f.setting_value[0] = 100;
      f.setting_id[1] = 4;
      f.setting_value[1] = 65535;
      break;
    case PROTO_H2_PING:
      f.ping = 0x0102030405060708ull;
      f.flags = PROTO_H2_F_ACK;
      break;
    case PROTO_H2_GOAWAY:
      f.last_stream_id = 13;
      f.error_code = 2;
      f.data = (proto_view){(const uint8_t *)"dbg", 3};
      break;
    case PROTO_H2_WINDOW_UPDATE:
      f.window_size_increment = 0x7fffffff;
      break;
    default:
      f.data = (proto_view){block, 3};
      break;
    }
    bebytes_writer w;
    proto_writer_init(&w, b, sizeof(b));
    assert_int_equal(proto_h2_encode(&f, &w), 0);
    size_t n = bebytes_writer_len(&w);
    bebytes_reader r;
    proto_reader_init(&r, b, n);
    assert_int_equal(proto_h2_decode(&r, &d), 0);
    assert_int_equal(bebytes_reader_remaining(&r), 0);
    assert_int_equal(d.type, t);
    assert_int_equal(d.length, n - 9);
    switch (t) {
    case PROTO_H2_DATA:
    case PROTO_H2_HEADERS:
    case PROTO_H2_PUSH_PROMISE:
      assert_int_equal(d.padded, 1);
      assert_int_equal(d.pad_length, 7);
      assert_int_equal(d.padding.len, 7);
      assert_int_equal(d.data.len, 3);
      assert_memory_equal(d.data.p, block, 3);
      if (t == PROTO_H2_HEADERS) {
        assert_int_equal(d.has_priority, 1);
        assert_int_equal(d.exclusive, 1);
        assert_int_equal(d.stream_dependency, 3);
        assert_int_equal(d.weight, 200);
      }
      if (t == PROTO_H2_PUSH_PROMISE)
        assert_int_equal(d.promised_stream_id, 2);
      break;
    case PROTO_H2_PRIORITY:
      assert_int_equal(d.length, 5);
      assert_int_equal(d.stream_dependency, 11);
      assert_int_equal(d.weight, 15);
      break;
    case PROTO_H2_RST_STREAM:
      assert_int_equal(d.error_code, 8);
      break;
    case PROTO_H2_SETTINGS:
      assert_int_equal(d.nsettings, 2);
      assert_int_equal(d.setting_value[1], 65535);
      break;
    case PROTO_H2_PING:
      assert_int_equal(d.ping, 0x0102030405060708ull);
      break;
    case PROTO_H2_GOAWAY:
      assert_int_equal(d.last_stream_id, 13);
      assert_int_equal(d.error_code, 2);
      assert_int_equal(d.data.len, 3);
      break;
    case PROTO_H2_WINDOW_UPDATE:
      assert_int_equal(d.window_size_increment, 0x7fffffff);
      break;
    default:
      assert_int_equal(d.data.len, 3);
      break;
    }
    for (size_t k = 0; k < n; k++) {
      proto_reader_init(&r, b, k);
      assert_int_not_equal(proto_h2_decode(&r, &d), 0);
    }
  }
}

static void test_malformed(void **st) {
  (void)st;
  proto_h2_frame d;
  bebytes_reader r;
  uint8_t ping7[16] = {0, 0, 7, 6, 0, 0, 0, 0, 0};
  proto_reader_init(&r, ping7, 16);
  assert_int_equal(proto_h2_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t set5[16] = {0, 0, 5, 4, 0, 0, 0, 0, 0};
  proto_reader_init(&r, set5, 16);
  assert_int_equal(proto_h2_decode(&r, &d), PROTO_EMALFORMED);
  /* Pad length larger than the payload. */
  uint8_t pad[12] = {0, 0, 3, 0, 0x08, 0, 0, 0, 1, 9, 'a', 'b'};
  proto_reader_init(&r, pad, 12);
  assert_int_equal(proto_h2_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t pre[24];
  memcpy(pre, PROTO_H2_PREFACE, 24);
  assert_int_equal(proto_h2_preface(pre, 24), 1);
  assert_int_equal(proto_h2_preface(pre, 10), 0);
  pre[3] = 'X';
  assert_int_equal(proto_h2_preface(pre, 24), -1);
}

typedef struct hdrs {
  int n;
  char line[8][64];
} hdrs;

static int collect(void *ud, const uint8_t *name, size_t nl,
                   const uint8_t *value, size_t vl) {
  hdrs *h = ud;
  if (h->n < 8)
    snprintf(h->line[h->n++], 64, "%.*s: %.*s", (int)nl, (const char *)name,
             (int)vl, (const char *)value);
  return 0;
}

/* RFC 7541 C.3.1 and C.3.2: the second block uses the dynamic table entry
 * the first one added. */
static void test_hpack(void **st) {
  (void)st;
  static const uint8_t c31[] = {0x82, 0x86, 0x84, 0x41, 0x0f, 0x77, 0x77,
                                0x77, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70,
                                0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d};
  static const uint8_t c32[] = {0x82, 0x86, 0x84, 0xbe, 0x58, 0x08, 0x6e,
                                0x6f, 0x2d, 0x63, 0x61, 0x63, 0x68, 0x65};
  proto_hpack *h = NULL;
  assert_int_equal(proto_hpack_new(&h), 0);
  hdrs got = {0};
  assert_int_equal(proto_hpack_decode(h, c31, sizeof(c31), collect, &got), 0);
  assert_int_equal(got.n, 4);
  assert_string_equal(got.line[0], ":method: GET");
  assert_string_equal(got.line[3], ":authority: www.example.com");
  memset(&got, 0, sizeof(got));
  assert_int_equal(proto_hpack_decode(h, c32, sizeof(c32), collect, &got), 0);
  assert_int_equal(got.n, 5);
  assert_string_equal(got.line[3], ":authority: www.example.com");
  assert_string_equal(got.line[4], "cache-control: no-cache");
  static const uint8_t bad[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  assert_int_equal(proto_hpack_decode(h, bad, sizeof(bad), collect, &got),
                   PROTO_EMALFORMED);
  proto_hpack_free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header_vector),
      cmocka_unit_test(test_all_types),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_hpack),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
