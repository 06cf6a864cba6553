/* DNS codec: messages, records, compression and its loop protection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dns.h"

/* Builds a response with A, AAAA, CNAME, MX, TXT, SRV, PTR and OPT. */
static size_t build_response(uint8_t *b, size_t cap) {
  bebytes_writer w;
  proto_writer_init(&w, b, cap);
  proto_dns h = {0};
  h.id = 0x1234;
  h.flags = 0x8583; /* QR AA RD RA, rcode 3 */
  h.qdcount = 1;
  h.ancount = 7;
  h.arcount = 1;
  proto_dns_encode_header(&h, &w);
  proto_dns_put_question(&w, "host.example.test", PROTO_DNS_A, 1);
  static const uint8_t a[4] = {192, 0, 2, 1};
  static const uint8_t aaaa[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  proto_dns_put_pointer(&w, 12);
  proto_dns_put_rr_tail(&w, PROTO_DNS_A, 1, 60, a, 4);
  proto_dns_put_pointer(&w, 12);
  proto_dns_put_rr_tail(&w, PROTO_DNS_AAAA, 1, 60, aaaa, 16);
  /* CNAME -> "alias" + pointer to "example.test" (offset 17). */
  static const uint8_t cname[8] = {5, 'a', 'l', 'i', 'a', 's', 0xc0, 17};
  proto_dns_put_pointer(&w, 12);
  proto_dns_put_rr_tail(&w, PROTO_DNS_CNAME, 1, 60, cname, 8);
  static const uint8_t mx[6] = {0, 10, 2, 'm', 'x', 0};
  proto_dns_put_pointer(&w, 17);
  proto_dns_put_rr_tail(&w, PROTO_DNS_MX, 1, 60, mx, 6);
  static const uint8_t txt[9] = {3, 'a', 'b', 'c', 0, 3, 'x', 'y', 'z'};
  proto_dns_put_pointer(&w, 17);
  proto_dns_put_rr_tail(&w, PROTO_DNS_TXT, 1, 60, txt, 9);
  static const uint8_t srv[8] = {0, 5, 0, 20, 0x07, 0x5b, 0xc0, 12};
  proto_dns_put_name(&w, "_mqtt._tcp.example.test");
  proto_dns_put_rr_tail(&w, PROTO_DNS_SRV, 1, 60, srv, 8);
  static const uint8_t ptr[2] = {0xc0, 12};
  proto_dns_put_name(&w, "1.2.0.192.in-addr.arpa");
  proto_dns_put_rr_tail(&w, PROTO_DNS_PTR, 1, 60, ptr, 2);
  proto_dns_put_name(&w, "");
  proto_dns_put_rr_tail(&w, PROTO_DNS_OPT, 1232, 0x00008000u, NULL, 0);
  assert_int_equal(bebytes_writer_error(&w, NULL), 0);
  return bebytes_writer_len(&w);
}

static void test_records(void **st) {
  (void)st;
  uint8_t b[512];
  size_t n = build_response(b, sizeof(b));
  proto_dns m;
  char name[PROTO_DNS_NAME_MAX];
  assert_int_equal(proto_dns_decode(b, n, &m), 0);
  assert_int_equal(m.id, 0x1234);
  assert_int_equal(PROTO_DNS_QR(m.flags), 1);
  assert_int_equal(PROTO_DNS_AA(m.flags), 1);
  assert_int_equal(PROTO_DNS_RCODE(m.flags), 3);
  assert_int_equal(m.nq, 1);
  assert_int_equal(m.nrr, 8);
  assert_int_equal(
      proto_dns_name(b, n, m.q[0].name_off, name, sizeof(name), NULL), 0);
  assert_string_equal(name, "host.example.test");
  proto_dns_rdata rd;
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[0], &rd), 0);
  assert_int_equal(rd.addr[0], 192);
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[1], &rd), 0);
  assert_int_equal(rd.addr[1], 0x01);
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[2], &rd), 0);
  proto_dns_name(b, n, rd.name_off, name, sizeof(name), NULL);
  assert_string_equal(name, "alias.example.test");
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[3], &rd), 0);
  assert_int_equal(rd.preference, 10);
  proto_dns_name(b, n, rd.name_off, name, sizeof(name), NULL);
  assert_string_equal(name, "mx");
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[4], &rd), 0);
  bebytes_reader t;
  proto_view s;
  proto_reader_init(&t, rd.txt.p, rd.txt.len);
  assert_int_equal(proto_dns_txt_next(&t, &s), 1);
  assert_memory_equal(s.p, "abc", 3);
  assert_int_equal(proto_dns_txt_next(&t, &s), 1);
  assert_int_equal(s.len, 0);
  assert_int_equal(proto_dns_txt_next(&t, &s), 1);
  assert_memory_equal(s.p, "xyz", 3);
  assert_int_equal(proto_dns_txt_next(&t, &s), 0);
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[5], &rd), 0);
  assert_int_equal(rd.priority, 5);
  assert_int_equal(rd.weight, 20);
  assert_int_equal(rd.port, 1883);
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[6], &rd), 0);
  proto_dns_name(b, n, rd.name_off, name, sizeof(name), NULL);
  assert_string_equal(name, "host.example.test");
  assert_int_equal(m.rr[7].section, PROTO_DNS_AR);
  assert_int_equal(proto_dns_rdata_decode(&m, &m.rr[7], &rd), 0);
  assert_int_equal(rd.udp_payload_size, 1232);
  assert_int_equal(rd.z, 0x8000);
  proto_dns_name(b, n, m.rr[7].name_off, name, sizeof(name), NULL);
  assert_string_equal(name, "<Root>");
  /* Every truncation fails cleanly. */
  for (size_t k = 0; k < n; k++)
    assert_int_not_equal(proto_dns_decode(b, k, &m), 0);
}

static void test_compression_loops(void **st) {
  (void)st;
  char name[PROTO_DNS_NAME_MAX];
  /* A pointer to itself. */
  uint8_t self[14] = {[12] = 0xc0, [13] = 12};
  assert_int_equal(proto_dns_name(self, 14, 12, name, sizeof(name), NULL),
                   PROTO_ELOOP);
  /* A label, then a pointer back to the label: a two-step loop. */
  uint8_t two[16] = {[12] = 1, [13] = 'a', [14] = 0xc0, [15] = 12};
  assert_int_equal(proto_dns_name(two, 16, 12, name, sizeof(name), NULL),
                   PROTO_ELOOP);
  /* A forward pointer. */
  uint8_t fwd[18] = {[12] = 0xc0, [13] = 14, [14] = 1, [15] = 'b', [16] = 0};
  assert_int_equal(proto_dns_name(fwd, 18, 12, name, sizeof(name), NULL),
                   PROTO_ELOOP);
  /* A valid chain: c -> b -> a, each pointing backwards. */
  uint8_t chain[24] = {[0] = 1, 'a',     0,   [3] = 1, 'b', 0xc0,
                       0,       [7] = 1, 'c', 0xc0,    3};
  size_t wire = 0;
  assert_int_equal(proto_dns_name(chain, 24, 7, name, sizeof(name), &wire), 0);
  assert_string_equal(name, "c.b.a");
  assert_int_equal(wire, 4);
  /* Obsolete label types. */
  uint8_t ext[14] = {[12] = 0x41, [13] = 0};
  assert_int_equal(proto_dns_name(ext, 14, 12, name, sizeof(name), NULL),
                   PROTO_EMALFORMED);
  /* Names over 255 bytes. */
  uint8_t lng[320];
  size_t p = 0;
  for (int i = 0; i < 5; i++) {
    lng[p++] = 60;
    memset(lng + p, 'x', 60);
    p += 60;
  }
  lng[p++] = 0;
  assert_int_equal(proto_dns_name(lng, p, 0, name, sizeof(name), NULL),
                   PROTO_ENAMELEN);
  /* Escaping of dots and control bytes inside labels. */
  uint8_t esc[6] = {3, 'a', '.', 1, 0};
  assert_int_equal(proto_dns_name(esc, 5, 0, name, sizeof(name), NULL), 0);
  assert_string_equal(name, "a\\046\\001");
}

static void test_limits_and_tcp(void **st) {
  (void)st;
  uint8_t b[12] = {0, 1, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0};
  proto_dns m;
  assert_int_equal(proto_dns_decode(b, 12, &m), PROTO_ELIMIT);
  b[5] = 1; /* one question promised, none present */
  assert_int_equal(proto_dns_decode(b, 12, &m), BEBYTES_EINSUFFICIENT);
  /* AAAA with a 4-byte RDATA is malformed. */
  uint8_t a[64];
  bebytes_writer w;
  proto_writer_init(&w, a, sizeof(a));
  proto_dns h = {0};
  h.ancount = 1;
  proto_dns_encode_header(&h, &w);
  proto_dns_put_name(&w, "x");
  proto_dns_put_rr_tail(&w, PROTO_DNS_AAAA, 1, 0, "abcd", 4);
  assert_int_equal(proto_dns_decode(a, bebytes_writer_len(&w), &m),
                   PROTO_EMALFORMED);
  /* TCP framing. */
  uint8_t t[5] = {0, 3, 'a', 'b', 'c'};
  size_t ml = 0;
  assert_int_equal(proto_dns_tcp_frame(t, 1, &ml), 0);
  assert_int_equal(proto_dns_tcp_frame(t, 4, &ml), 0);
  assert_int_equal(proto_dns_tcp_frame(t, 5, &ml), 1);
  assert_int_equal(ml, 3);
  /* Encoder limits. */
  proto_writer_init(&w, a, sizeof(a));
  assert_int_equal(proto_dns_put_name(&w, "a..b"), PROTO_EMALFORMED);
  assert_int_equal(proto_dns_put_pointer(&w, 0x4000), PROTO_EMALFORMED);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_records),
      cmocka_unit_test(test_compression_loops),
      cmocka_unit_test(test_limits_and_tcp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
