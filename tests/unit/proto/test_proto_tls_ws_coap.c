/* TLS records and hellos, WebSocket frames and Upgrade, CoAP messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coap.h"
#include "tls.h"
#include "ws.h"

/* A ClientHello body: TLS 1.2 legacy version, 2 suites, SNI and
 * supported_versions {1.3, 1.2}. */
static size_t client_hello(uint8_t *b, size_t cap) {
  bebytes_writer w;
  proto_writer_init(&w, b, cap);
  bebytes_put_be16(&w, 0x0303);
  uint8_t rnd[32] = {1};
  bebytes_put_bytes(&w, rnd, 32);
  bebytes_put_u8(&w, 0); /* session id */
  bebytes_put_be16(&w, 4);
  bebytes_put_be16(&w, 0x1301);
  bebytes_put_be16(&w, 0xc02f);
  bebytes_put_u8(&w, 1);
  bebytes_put_u8(&w, 0);
  /* extensions: server_name, supported_versions, an unknown one */
  static const char host[] = "example.test";
  size_t hl = sizeof(host) - 1;
  bebytes_put_be16(&w, (uint16_t)(4 + 5 + hl + 4 + 5 + 4));
  bebytes_put_be16(&w, 0);
  bebytes_put_be16(&w, (uint16_t)(5 + hl));
  bebytes_put_be16(&w, (uint16_t)(3 + hl));
  bebytes_put_u8(&w, 0);
  bebytes_put_be16(&w, (uint16_t)hl);
  bebytes_put_bytes(&w, host, hl);
  bebytes_put_be16(&w, 43);
  bebytes_put_be16(&w, 5);
  bebytes_put_u8(&w, 4);
  bebytes_put_be16(&w, 0x0304);
  bebytes_put_be16(&w, 0x0303);
  bebytes_put_be16(&w, 0xfe0d);
  bebytes_put_be16(&w, 0);
  assert_int_equal(bebytes_writer_error(&w, NULL), 0);
  return bebytes_writer_len(&w);
}

static void test_tls(void **st) {
  (void)st;
  uint8_t body[256], hs[300], rec[320];
  size_t bl = client_hello(body, sizeof(body));
  proto_tls_handshake h = {PROTO_TLS_CLIENT_HELLO, 0, {body, bl}};
  bebytes_writer w;
  proto_writer_init(&w, hs, sizeof(hs));
  assert_int_equal(proto_tls_handshake_encode(&h, &w), 0);
  proto_tls_record r = {
      PROTO_TLS_HANDSHAKE, 0x0301, 0, {hs, bebytes_writer_len(&w)}};
  proto_writer_init(&w, rec, sizeof(rec));
  assert_int_equal(proto_tls_record_encode(&r, &w), 0);
  size_t n = bebytes_writer_len(&w), rl = 0;
  assert_int_equal(proto_tls_frame(rec, n, &rl), 1);
  assert_int_equal(rl, n);
  assert_int_equal(proto_tls_frame(rec, n - 1, &rl), 0);
  bebytes_reader rd;
  proto_tls_record dr;
  proto_tls_handshake dh;
  proto_tls_hello hello;
  proto_reader_init(&rd, rec, n);
  assert_int_equal(proto_tls_record_decode(&rd, &dr), 0);
  assert_int_equal(dr.content_type, 22);
  assert_int_equal(dr.version, 0x0301);
  assert_int_equal(dr.length, n - 5);
  proto_reader_init(&rd, dr.fragment.p, dr.fragment.len);
  assert_int_equal(proto_tls_handshake_decode(&rd, &dh), 0);
  assert_int_equal(dh.type, 1);
  assert_int_equal(dh.length, bl);
  assert_int_equal(proto_tls_hello_decode(dh.type, &dh.body, &hello), 0);
  assert_int_equal(hello.version, 0x0303);
  assert_int_equal(hello.cipher_suites.len, 4);
  assert_int_equal(hello.next, 3);
  assert_int_equal(hello.ext_type[0], 0);
  assert_int_equal(hello.ext_type[1], 43);
  assert_int_equal(hello.ext_type[2], 0xfe0d);
  assert_int_equal(hello.sni.len, 12);
  assert_memory_equal(hello.sni.p, "example.test", 12);
  assert_int_equal(hello.supported_versions.len, 4);
  /* Every truncation fails, except right before the extensions block,
   * which is optional (a hello without extensions is valid). */
  const size_t no_ext = 2 + 32 + 1 + 2 + 4 + 1 + 1;
  for (size_t k = 0; k < bl; k++) {
    proto_view v = {body, k};
    if (k == no_ext)
      assert_int_equal(proto_tls_hello_decode(1, &v, &hello), 0);
    else
      assert_int_not_equal(proto_tls_hello_decode(1, &v, &hello), 0);
  }
  rec[0] = 99;
  assert_int_equal(proto_tls_frame(rec, n, &rl), PROTO_EMALFORMED);
  uint8_t big[5] = {23, 3, 3, 0xff, 0xff};
  assert_int_equal(proto_tls_frame(big, 5, &rl), PROTO_EMALFORMED);
}

static void test_ws_lengths_and_mask(void **st) {
  (void)st;
  static const size_t lens[] = {0, 1, 125, 126, 65535, 65536};
  uint8_t *clear = malloc(65536), *wire = malloc(65536 + 14);
  uint8_t *back = malloc(65536);
  assert_non_null(clear);
  assert_non_null(wire);
  assert_non_null(back);
  for (size_t i = 0; i < 65536; i++)
    clear[i] = (uint8_t)(i * 7);
  for (size_t i = 0; i < 6; i++) {
    proto_ws_frame f, d;
    memset(&f, 0, sizeof(f));
    f.fin = 1;
    f.opcode = PROTO_WS_BINARY;
    f.mask = 1;
    memcpy(f.key, "\x37\xfa\x21\x3d", 4);
    f.payload = (proto_view){clear, lens[i]};
    bebytes_writer w;
    proto_writer_init(&w, wire, 65536 + 14);
    assert_int_equal(proto_ws_encode(&f, &w), 0);
    size_t n = bebytes_writer_len(&w), fl = 0;
    size_t hdr = lens[i] < 126 ? 6 : lens[i] < 65536 ? 8 : 14;
    assert_int_equal(n, hdr + lens[i]);
    assert_int_equal(proto_ws_frame_len(wire, n, &fl), 1);
    assert_int_equal(fl, n);
    assert_int_equal(proto_ws_frame_len(wire, n - 1, &fl), 0);
    bebytes_reader r;
    proto_reader_init(&r, wire, n);
    assert_int_equal(proto_ws_decode(&r, &d), 0);
    assert_int_equal(d.length, lens[i]);
    assert_int_equal(d.payload_length, lens[i] < 126     ? lens[i]
                                       : lens[i] < 65536 ? 126
                                                         : 127);
    assert_int_equal(d.mask, 1);
    proto_ws_unmask(back, d.payload.p, d.payload.len, d.key, 0);
    if (lens[i])
      assert_memory_equal(back, clear, lens[i]);
  }
  /* Unmasking in pieces at odd offsets equals unmasking at once. */
  uint8_t key[4] = {1, 2, 3, 4}, a[37], b[37];
  proto_ws_unmask(a, clear, 37, key, 0);
  proto_ws_unmask(b, clear, 13, key, 0);
  proto_ws_unmask(b + 13, clear + 13, 24, key, 13);
  assert_memory_equal(a, b, 37);
  free(clear);
  free(wire);
  free(back);
}

static void test_ws_control_and_close(void **st) {
  (void)st;
  proto_ws_frame d;
  bebytes_reader r;
  /* Fragmented close frame; close longer than 125; unknown opcode; 64-bit
   * length with the top bit set. */
  uint8_t frag[2] = {0x08, 0x00};
  proto_reader_init(&r, frag, 2);
  assert_int_equal(proto_ws_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t big[4] = {0x88, 126, 0, 200};
  proto_reader_init(&r, big, 4);
  assert_int_equal(proto_ws_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t op[2] = {0x83, 0};
  proto_reader_init(&r, op, 2);
  assert_int_equal(proto_ws_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t top[10] = {0x82, 127, 0x80};
  proto_reader_init(&r, top, 10);
  assert_int_equal(proto_ws_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t close[9] = {0x0f, 0xa1, 'b', 'y', 'e', ' ', 'n', 'o', 'w'};
  uint16_t code = 0;
  proto_view reason;
  assert_int_equal(proto_ws_close(close, 9, &code, &reason), 0);
  assert_int_equal(code, 4001);
  assert_int_equal(reason.len, 7);
  assert_int_equal(proto_ws_close(close, 1, &code, &reason), PROTO_EMALFORMED);
  assert_int_equal(proto_ws_close(close, 0, &code, &reason), 0);
  assert_int_equal(code, 0);
}

static void test_ws_upgrade(void **st) {
  (void)st;
  static const char req[] =
      "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n\x81\x00";
  static const char resp[] =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\n\r\n";
  static const char plain[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  proto_ws_upgrade u;
  size_t rl = sizeof(req) - 1;
  assert_int_equal(proto_ws_upgrade_detect((const uint8_t *)req, rl, &u), 0);
  assert_int_equal(u.complete, 1);
  assert_int_equal(u.is_request, 1);
  assert_int_equal(u.websocket, 1);
  assert_int_equal(u.head_len, rl - 2);
  assert_int_equal(proto_ws_upgrade_detect((const uint8_t *)req, 30, &u), 0);
  assert_int_equal(u.complete, 0);
  assert_int_equal(
      proto_ws_upgrade_detect((const uint8_t *)resp, sizeof(resp) - 1, &u), 0);
  assert_int_equal(u.is_request, 0);
  assert_int_equal(u.websocket, 1);
  assert_int_equal(
      proto_ws_upgrade_detect((const uint8_t *)plain, sizeof(plain) - 1, &u),
      0);
  assert_int_equal(u.complete, 1);
  assert_int_equal(u.websocket, 0);
  assert_int_equal(
      proto_ws_upgrade_detect((const uint8_t *)"\x16\x03\x01\x00", 4, &u),
      PROTO_EMALFORMED);
}

static void test_coap(void **st) {
  (void)st;
  static uint8_t big[300];
  static const uint8_t tok[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  proto_coap c, d;
  memset(&c, 0, sizeof(c));
  memset(big, 'q', sizeof(big));
  c.type = 1;
  c.code = 0x45;
  c.mid = 0xbeef;
  c.token = (proto_view){tok, 8};
  c.nopts = 5;
  c.opt[0].number = 3; /* small delta, small length */
  c.opt[0].value = (proto_view){(const uint8_t *)"host", 4};
  c.opt[1].number = 11; /* length 20: one-byte extension */
  c.opt[1].value = (proto_view){big, 20};
  c.opt[2].number = 11; /* delta 0, length 300: two-byte extension */
  c.opt[2].value = (proto_view){big, 300};
  c.opt[3].number = 60;    /* delta 49: one-byte extension */
  c.opt[4].number = 65000; /* two-byte delta extension */
  c.opt[4].value = (proto_view){tok, 1};
  c.payload = (proto_view){(const uint8_t *)"hi", 2};
  uint8_t b[512];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_coap_encode(&c, &w), 0);
  size_t n = bebytes_writer_len(&w);
  bebytes_reader r;
  proto_reader_init(&r, b, n);
  assert_int_equal(proto_coap_decode(&r, &d), 0);
  assert_int_equal(d.version, 1);
  assert_int_equal(d.type, 1);
  assert_int_equal(d.token_len, 8);
  assert_int_equal(d.code, 0x45);
  assert_int_equal(d.mid, 0xbeef);
  assert_int_equal(d.nopts, 5);
  assert_int_equal(d.opt[1].length_nibble, 13);
  assert_int_equal(d.opt[2].length_nibble, 14);
  assert_int_equal(d.opt[2].delta_nibble, 0);
  assert_int_equal(d.opt[2].value.len, 300);
  assert_int_equal(d.opt[3].delta_nibble, 13);
  assert_int_equal(d.opt[4].delta_nibble, 14);
  assert_int_equal(d.opt[4].number, 65000);
  assert_int_equal(d.has_payload, 1);
  assert_memory_equal(d.payload.p, "hi", 2);
  assert_string_equal(proto_coap_opt_name(11), "Uri-Path");
  assert_null(proto_coap_opt_name(65000));
  /* A marker with no payload, TKL 9, version 2, reserved nibble 15. */
  uint8_t m1[5] = {0x40, 1, 0, 1, 0xff};
  proto_reader_init(&r, m1, 5);
  assert_int_equal(proto_coap_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t m2[4] = {0x49, 1, 0, 1};
  proto_reader_init(&r, m2, 4);
  assert_int_equal(proto_coap_decode(&r, &d), PROTO_EMALFORMED);
  uint8_t m3[4] = {0x80, 1, 0, 1};
  proto_reader_init(&r, m3, 4);
  assert_int_equal(proto_coap_decode(&r, &d), PROTO_EVERSION);
  uint8_t m4[5] = {0x40, 1, 0, 1, 0xf1};
  proto_reader_init(&r, m4, 5);
  assert_int_equal(proto_coap_decode(&r, &d), PROTO_EMALFORMED);
  /* Option numbers past 65535. */
  uint8_t m5[12] = {0x40, 1, 0, 1, 0xe0, 0xff, 0xff, 0xe0, 0xff, 0xff};
  proto_reader_init(&r, m5, 10);
  assert_int_equal(proto_coap_decode(&r, &d), PROTO_EMALFORMED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tls),
      cmocka_unit_test(test_ws_lengths_and_mask),
      cmocka_unit_test(test_ws_control_and_close),
      cmocka_unit_test(test_ws_upgrade),
      cmocka_unit_test(test_coap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
