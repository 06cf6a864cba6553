/* Ethernet, IPv4, TCP, UDP codecs and the Internet checksum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "l2l4.h"

static void test_eth(void **st) {
  (void)st;
  proto_eth e = {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}, 0x0800}, d;
  uint8_t b[14];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_eth_encode(&e, &w), 0);
  assert_int_equal(b[12], 0x08);
  bebytes_reader r;
  proto_reader_init(&r, b, sizeof(b));
  assert_int_equal(proto_eth_decode(&r, &d), 0);
  assert_memory_equal(&d, &e, sizeof(e));
  /* An 802.3 length is not an EtherType. */
  b[12] = 0x05;
  b[13] = 0xdc;
  proto_reader_init(&r, b, sizeof(b));
  assert_int_equal(proto_eth_decode(&r, &d), PROTO_EMALFORMED);
  proto_reader_init(&r, b, 13);
  assert_int_equal(proto_eth_decode(&r, &d), BEBYTES_EINSUFFICIENT);
}

/* The classic example header (checksum 0xb861). */
static const uint8_t ip_example[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40,
                                       0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
                                       0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};

static void test_ipv4_decode(void **st) {
  (void)st;
  proto_ipv4 ip;
  bebytes_reader r;
  proto_reader_init(&r, ip_example, sizeof(ip_example));
  assert_int_equal(proto_ipv4_decode(&r, &ip), 0);
  assert_int_equal(ip.version, 4);
  assert_int_equal(ip.hdr_len, 20);
  assert_int_equal(ip.total_len, 0x73);
  assert_int_equal(ip.flags, PROTO_IPV4_FLAG_DF);
  assert_int_equal(ip.frag_offset, 0);
  assert_int_equal(ip.ttl, 64);
  assert_int_equal(ip.proto, PROTO_IP_UDP);
  assert_int_equal(ip.checksum, 0xb861);
  assert_int_equal(ip.checksum_ok, 1);
  assert_int_equal(ip.src, 0xc0a80001u);
  assert_int_equal(ip.dst, 0xc0a800c7u);

  uint8_t bad[20];
  memcpy(bad, ip_example, 20);
  bad[8] = 63; /* TTL changed: the checksum no longer verifies */
  proto_reader_init(&r, bad, 20);
  assert_int_equal(proto_ipv4_decode(&r, &ip), 0);
  assert_int_equal(ip.checksum_ok, 0);
  bad[0] = 0x65;
  proto_reader_init(&r, bad, 20);
  assert_int_equal(proto_ipv4_decode(&r, &ip), PROTO_EVERSION);
  bad[0] = 0x44; /* IHL 4 */
  proto_reader_init(&r, bad, 20);
  assert_int_equal(proto_ipv4_decode(&r, &ip), PROTO_EMALFORMED);
  bad[0] = 0x46; /* IHL 6 but only 20 bytes */
  proto_reader_init(&r, bad, 20);
  assert_int_equal(proto_ipv4_decode(&r, &ip), BEBYTES_EINSUFFICIENT);
  for (size_t n = 0; n < 20; n++) {
    proto_reader_init(&r, ip_example, n);
    assert_int_equal(proto_ipv4_decode(&r, &ip), BEBYTES_EINSUFFICIENT);
  }
}

static void test_ipv4_encode_options_fragment(void **st) {
  (void)st;
  static const uint8_t ra[4] = {0x94, 0x04, 0, 0};
  proto_ipv4 ip, d;
  memset(&ip, 0, sizeof(ip));
  ip.total_len = 24 + 100;
  ip.id = 0xabcd;
  ip.flags = PROTO_IPV4_FLAG_MF;
  ip.frag_offset = 185;
  ip.ttl = 1;
  ip.proto = PROTO_IP_TCP;
  ip.src = 0x0a000001;
  ip.dst = 0x0a000002;
  ip.options = (proto_view){ra, 4};
  uint8_t b[64];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_ipv4_encode(&ip, 1, &w), 0);
  assert_int_equal(bebytes_writer_len(&w), 24);
  assert_int_equal(b[0], 0x46);
  assert_int_equal(b[6], 0x20); /* MF, offset 185 = 0x0b9 */
  assert_int_equal(b[7], 0xb9);
  bebytes_reader r;
  proto_reader_init(&r, b, 24);
  assert_int_equal(proto_ipv4_decode(&r, &d), 0);
  assert_int_equal(d.checksum_ok, 1);
  assert_int_equal(d.frag_offset, 185);
  assert_int_equal(d.flags, PROTO_IPV4_FLAG_MF);
  assert_int_equal(d.options.len, 4);
  assert_memory_equal(d.options.p, ra, 4);
  /* Options must be whole 32-bit words. */
  ip.options.len = 3;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_ipv4_encode(&ip, 1, &w), PROTO_EMALFORMED);
  /* Too little room: the writer reports it. */
  ip.options.len = 4;
  proto_writer_init(&w, b, 10);
  assert_int_not_equal(proto_ipv4_encode(&ip, 1, &w), 0);
}

static void test_tcp_options(void **st) {
  (void)st;
  static const uint8_t opts[20] = {2, 4,  0x05, 0xb4, 1, 3, 3, 7, 4, 2,
                                   8, 10, 0,    0,    0, 9, 0, 0, 0, 8};
  proto_tcp t, d;
  memset(&t, 0, sizeof(t));
  t.srcport = 1234;
  t.dstport = 80;
  t.seq = 0xdeadbeef;
  t.ack = 1;
  t.flags = PROTO_TCP_SYN | PROTO_TCP_ACK | PROTO_TCP_AE;
  t.window = 65535;
  t.options = (proto_view){opts, sizeof(opts)};
  uint8_t b[60];
  bebytes_writer w;
  proto_writer_init(&w, b, sizeof(b));
  assert_int_equal(proto_tcp_encode(&t, &w), 0);
  assert_int_equal(bebytes_writer_len(&w), 40);
  bebytes_reader r;
  proto_reader_init(&r, b, 40);
  assert_int_equal(proto_tcp_decode(&r, &d), 0);
  assert_int_equal(d.hdr_len, 40);
  assert_int_equal(d.flags, 0x112);
  assert_int_equal(d.seq, 0xdeadbeef);
  assert_int_equal(d.present, PROTO_TCP_OPT_MSS | PROTO_TCP_OPT_WSCALE |
                                  PROTO_TCP_OPT_SACK_PERM | PROTO_TCP_OPT_TS);
  assert_int_equal(d.mss, 1460);
  assert_int_equal(d.wscale, 7);
  assert_int_equal(d.ts_val, 9);
  assert_int_equal(d.ts_ecr, 8);
  /* An option length below 2, or running past the header, is malformed. */
  b[20 + 9] = 1;
  proto_reader_init(&r, b, 40);
  assert_int_equal(proto_tcp_decode(&r, &d), PROTO_EMALFORMED);
  b[20 + 9] = 30;
  proto_reader_init(&r, b, 40);
  assert_int_equal(proto_tcp_decode(&r, &d), PROTO_EMALFORMED);
  /* Data offset below 5. */
  b[12] = 0x40;
  proto_reader_init(&r, b, 40);
  assert_int_equal(proto_tcp_decode(&r, &d), PROTO_EMALFORMED);
}

static void test_udp_checksum(void **st) {
  (void)st;
  uint8_t seg[8 + 5];
  proto_udp u = {5353, 53, sizeof(seg), 0}, d;
  bebytes_writer w;
  proto_writer_init(&w, seg, sizeof(seg));
  assert_int_equal(proto_udp_encode(&u, &w), 0);
  memcpy(seg + 8, "hello", 5);
  uint32_t src = 0x7f000001, dst = 0x7f000001;
  uint16_t c = proto_l4_checksum(src, dst, PROTO_IP_UDP, seg, sizeof(seg));
  bebytes_store_be16(seg + 6, c);
  /* With the checksum in place the sum verifies to zero. */
  assert_int_equal(proto_l4_checksum(src, dst, PROTO_IP_UDP, seg, sizeof(seg)),
                   0);
  bebytes_reader r;
  proto_reader_init(&r, seg, sizeof(seg));
  assert_int_equal(proto_udp_decode(&r, &d), 0);
  assert_int_equal(d.length, sizeof(seg));
  assert_int_equal(d.checksum, c);
  seg[5] = 7; /* length 7 < 8 */
  seg[4] = 0;
  proto_reader_init(&r, seg, sizeof(seg));
  assert_int_equal(proto_udp_decode(&r, &d), PROTO_EMALFORMED);
  assert_string_equal(proto_strerror(PROTO_EMALFORMED),
                      "malformed field value");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_eth),
      cmocka_unit_test(test_ipv4_decode),
      cmocka_unit_test(test_ipv4_encode_options_fragment),
      cmocka_unit_test(test_tcp_options),
      cmocka_unit_test(test_udp_checksum),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
