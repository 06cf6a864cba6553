/*
 * The BeBytes benchmark structs (include/bebytes/bench_structs.h): encoded
 * sizes and the byte strings verified against BeBytes 3.0.2 (see
 * shared/reference/bebytes-facts.md §2), in both byte orders and through
 * every encode method.
 */
#include <stdlib.h>

#include "bebytes/bench_structs.h"
#include "test_util.h"

/* Encodes with every method and checks each gives `hex`. */
#define CHECK_ALL_METHODS(T, s, o, hex)                                        \
  do {                                                                         \
    uint8_t *a_ = NULL;                                                        \
    size_t an_ = 0, wn_ = 0, sz_ = 0;                                          \
    assert_int_equal(T##_to_##o##_bytes(&(s), &a_, &an_, NULL), 0);            \
    assert_hex(a_, an_, hex);                                                  \
    free(a_);                                                                  \
    bebytes_buf b_ = {0};                                                      \
    assert_int_equal(T##_encode_##o##_to(&(s), &b_, NULL), 0);                 \
    assert_hex(b_.data, b_.len, hex);                                          \
    bebytes_buf_clear(&b_);                                                    \
    assert_int_equal(T##_encode_##o##_to(&(s), &b_, NULL), 0);                 \
    assert_hex(b_.data, b_.len, hex);                                          \
    uint8_t arr_[2048];                                                        \
    assert_int_equal(                                                          \
        T##_encode_##o##_into(&(s), arr_, sizeof arr_, &wn_, NULL), 0);        \
    assert_hex(arr_, wn_, hex);                                                \
    assert_int_equal(T##_encoded_size(&(s), &sz_, NULL), 0);                   \
    assert_int_equal(sz_, wn_);                                                \
    T back_;                                                                   \
    memset(&back_, 0, sizeof back_);                                           \
    size_t used_ = 0;                                                          \
    assert_int_equal(T##_decode_##o(&back_, b_.data, b_.len, &used_, NULL),    \
                     0);                                                       \
    assert_int_equal(used_, b_.len);                                           \
    uint8_t again_[2048];                                                      \
    assert_int_equal(                                                          \
        T##_encode_##o##_into(&back_, again_, sizeof again_, &wn_, NULL), 0);  \
    assert_hex(again_, wn_, hex);                                              \
    bebytes_buf_free(&b_);                                                     \
  } while (0)

#define CHECK_RAW(T, s, o, hex)                                                \
  do {                                                                         \
    uint8_t raw_[T##_SIZE];                                                    \
    T##_encode_##o##_raw(&(s), raw_);                                          \
    assert_hex(raw_, T##_SIZE, hex);                                           \
  } while (0)

static void test_fixed_sizes(void **state) {
  (void)state;
  assert_int_equal(bebytes_bench_tiny_SIZE, 4);
  assert_int_equal(bebytes_bench_small_SIZE, 8);
  assert_int_equal(bebytes_bench_medium_SIZE, 46);
  assert_int_equal(bebytes_bench_large_SIZE, 232);
  assert_int_equal(bebytes_bench_bitfield_SIZE, 7);
  assert_int_equal(bebytes_bench_large280_SIZE, 280);
  assert_int_equal(bebytes_bench_cache_friendly_SIZE, 64);
  assert_int_equal(bebytes_bench_cache_unfriendly_SIZE, 128);
  assert_int_equal(bebytes_bench_pair_SIZE, 8);
  assert_int_equal(bebytes_bench_bitfield8_SIZE, 8);
  assert_int_equal(bebytes_bench_padded_SIZE, 13);
  assert_int_equal(bebytes_bench_eth_SIZE, 14);
  assert_int_equal(bebytes_bench_ipv4_SIZE, 20);
  assert_int_equal(bebytes_bench_tcp_SIZE, 20);
  assert_int_equal(bebytes_bench_udp_SIZE, 8);
  assert_int_equal(bebytes_bench_http2_SIZE, 9);
  assert_int_equal(bebytes_bench_dns_SIZE, 12);
  assert_int_equal(bebytes_bench_tls_SIZE, 5);
  assert_int_equal(bebytes_bench_websocket_SIZE, 2);
  assert_int_equal(bebytes_bench_coap_SIZE, 4);
  assert_int_equal(bebytes_bench_packet_SIZE, 54);
  assert_true(bebytes_bench_medium_meta()->fixed);
  assert_false(bebytes_bench_mixed_meta()->fixed);
}

static void test_tiny_small(void **state) {
  (void)state;
  bebytes_bench_tiny t = {0x1234, 0x5678};
  CHECK_ALL_METHODS(bebytes_bench_tiny, t, be, "12 34 56 78");
  CHECK_ALL_METHODS(bebytes_bench_tiny, t, le, "34 12 78 56");
  CHECK_RAW(bebytes_bench_tiny, t, be, "12 34 56 78");
  bebytes_bench_small s = {0x12345678, 0xABCD, 0xEF01};
  CHECK_ALL_METHODS(bebytes_bench_small, s, be, "12 34 56 78 AB CD EF 01");
  CHECK_ALL_METHODS(bebytes_bench_small, s, le, "78 56 34 12 CD AB 01 EF");
  CHECK_RAW(bebytes_bench_small, s, le, "78 56 34 12 CD AB 01 EF");
}

static void test_medium_large(void **state) {
  (void)state;
  bebytes_bench_medium m = {
      .header = 0x123456789ABCDEF0, .checksum = 0xDEADBEEF, .footer = 0x1234};
  memset(m.payload, 0x42, sizeof m.payload);
  char want[400] = "12 34 56 78 9A BC DE F0 ";
  for (int i = 0; i < 32; i++)
    strcat(want, "42 ");
  strcat(want, "DE AD BE EF 12 34");
  CHECK_ALL_METHODS(bebytes_bench_medium, m, be, want);
  CHECK_RAW(bebytes_bench_medium, m, be, want);
  char wantle[400] = "F0 DE BC 9A 78 56 34 12 ";
  for (int i = 0; i < 32; i++)
    strcat(wantle, "42 ");
  strcat(wantle, "EF BE AD DE 34 12");
  CHECK_ALL_METHODS(bebytes_bench_medium, m, le, wantle);
  CHECK_RAW(bebytes_bench_medium, m, le, wantle);

  bebytes_bench_large l = {.id = 0x123456789ABCDEF0,
                           .timestamp = 1234567890,
                           .checksum1 = 0xDEADBEEFCAFEBABE,
                           .checksum2 = 0x0123456789ABCDEF,
                           .flags = 0xFF00FF00,
                           .version = 0x01020304};
  memset(l.data, 0xAA, sizeof l.data);
  memset(l.metadata, 0xBB, sizeof l.metadata);
  char wl[1000] = "12 34 56 78 9A BC DE F0 00 00 00 00 49 96 02 D2 ";
  for (int i = 0; i < 128; i++)
    strcat(wl, "AA ");
  for (int i = 0; i < 64; i++)
    strcat(wl, "BB ");
  strcat(wl, "DE AD BE EF CA FE BA BE 01 23 45 67 89 AB CD EF FF 00 FF 00 "
             "01 02 03 04");
  CHECK_ALL_METHODS(bebytes_bench_large, l, be, wl);
  CHECK_RAW(bebytes_bench_large, l, be, wl);
}

static void test_bitfield(void **state) {
  (void)state;
  bebytes_bench_bitfield b = {4, 10, 1024, 7, 0x12345678};
  CHECK_ALL_METHODS(bebytes_bench_bitfield, b, be, "4A 40 07 12 34 56 78");
  CHECK_ALL_METHODS(bebytes_bench_bitfield, b, le, "A4 00 74 78 56 34 12");
  CHECK_RAW(bebytes_bench_bitfield, b, be, "4A 40 07 12 34 56 78");
  CHECK_RAW(bebytes_bench_bitfield, b, le, "A4 00 74 78 56 34 12");
}

static void test_vectors(void **state) {
  (void)state;
  uint8_t d16[16];
  memset(d16, 0x42, sizeof d16);
  bebytes_bench_vector v = {0x12345678, {d16, 16}, 0xABCD};
  size_t n = 0;
  assert_int_equal(bebytes_bench_vector_encoded_size(&v, &n, NULL), 0);
  assert_int_equal(n, 22);
  CHECK_ALL_METHODS(bebytes_bench_vector, v, be,
                    "12 34 56 78 42 42 42 42 42 42 42 42 42 42 42 42 42 42 "
                    "42 42 AB CD");

  uint8_t d4[4] = {0x42, 0x42, 0x42, 0x42};
  bebytes_bench_dynamic_vector dv = {4, {d4, 4}, 0xDEADBEEF};
  assert_int_equal(bebytes_bench_dynamic_vector_encoded_size(&dv, &n, NULL), 0);
  assert_int_equal(n, 1 + 4 + 4);
  CHECK_ALL_METHODS(bebytes_bench_dynamic_vector, dv, be,
                    "04 42 42 42 42 DE AD BE EF");
  CHECK_ALL_METHODS(bebytes_bench_dynamic_vector, dv, le,
                    "04 42 42 42 42 EF BE AD DE");

  bebytes_bench_mixed mx = {2, 63, 4, {d4, 4}, 0xDEADBEEF};
  assert_int_equal(bebytes_bench_mixed_encoded_size(&mx, &n, NULL), 0);
  assert_int_equal(n, 1 + 2 + 4 + 4);
  CHECK_ALL_METHODS(bebytes_bench_mixed, mx, be,
                    "BF 00 04 42 42 42 42 DE AD BE EF");
  /* LE: version takes the low 2 bits: 63 << 2 | 2 = 0xFE. */
  CHECK_ALL_METHODS(bebytes_bench_mixed, mx, le,
                    "FE 04 00 42 42 42 42 EF BE AD DE");

  uint8_t big[255];
  memset(big, 0x42, sizeof big);
  for (unsigned len = 0; len <= 255; len += 51) {
    bebytes_bench_dynamic_vector d = {(uint8_t)len, {big, len}, 1};
    assert_int_equal(bebytes_bench_dynamic_vector_encoded_size(&d, &n, NULL),
                     0);
    assert_int_equal(n, 1 + len + 4);
  }
}

static void test_network(void **state) {
  (void)state;
  bebytes_bench_http2 h = {1024, 0, 1, 0, 1};
  CHECK_ALL_METHODS(bebytes_bench_http2, h, be, "00 04 00 00 01 00 00 00 01");
  CHECK_ALL_METHODS(bebytes_bench_http2, h, le, "00 04 00 00 01 02 00 00 00");
  bebytes_bench_dns d = {
      .transaction_id = 0x1234, .recursion_desired = 1, .question_count = 1};
  CHECK_ALL_METHODS(bebytes_bench_dns, d, be,
                    "12 34 01 00 00 01 00 00 00 00 00 00");
  CHECK_ALL_METHODS(bebytes_bench_dns, d, le,
                    "34 12 80 00 01 00 00 00 00 00 00 00");
  bebytes_bench_tcp t = {.source_port = 80,
                         .destination_port = 8080,
                         .sequence_number = 0x12345678,
                         .acknowledgment_number = 0x87654321,
                         .data_offset = 5,
                         .ack = 1,
                         .window_size = 65535,
                         .checksum = 0xABCD};
  CHECK_ALL_METHODS(bebytes_bench_tcp, t, be,
                    "00 50 1F 90 12 34 56 78 87 65 43 21 50 10 FF FF AB CD "
                    "00 00");
  CHECK_ALL_METHODS(bebytes_bench_tcp, t, le,
                    "50 00 90 1F 78 56 34 12 21 43 65 87 05 08 FF FF CD AB "
                    "00 00");
  CHECK_RAW(bebytes_bench_tcp, t, be,
            "00 50 1F 90 12 34 56 78 87 65 43 21 50 10 FF FF AB CD 00 00");
  bebytes_bench_udp u = {53, 12345, 32, 0x1234};
  CHECK_ALL_METHODS(bebytes_bench_udp, u, be, "00 35 30 39 00 20 12 34");
  CHECK_ALL_METHODS(bebytes_bench_udp, u, le, "35 00 39 30 20 00 34 12");
  bebytes_bench_eth e = {{0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF},
                         {0x11, 0x22, 0x33, 0x44, 0x55, 0x66},
                         0x0800};
  CHECK_ALL_METHODS(bebytes_bench_eth, e, be,
                    "AA BB CC DD EE FF 11 22 33 44 55 66 08 00");
  bebytes_bench_ipv4 ip = {4, 5,  0, 0,      60,         0x1234,    2,
                           0, 64, 6, 0xABCD, 0xC0A80001, 0xC0A80002};
  CHECK_ALL_METHODS(bebytes_bench_ipv4, ip, be,
                    "45 00 00 3C 12 34 40 00 40 06 AB CD C0 A8 00 01 C0 A8 "
                    "00 02");
  CHECK_ALL_METHODS(bebytes_bench_ipv4, ip, le,
                    "54 00 3C 00 34 12 02 00 40 06 CD AB 01 00 A8 C0 02 00 "
                    "A8 C0");
  CHECK_RAW(bebytes_bench_ipv4, ip, le,
            "54 00 3C 00 34 12 02 00 40 06 CD AB 01 00 A8 C0 02 00 A8 C0");
  bebytes_bench_tls tls = {22, 0x0303, 256};
  CHECK_ALL_METHODS(bebytes_bench_tls, tls, be, "16 03 03 01 00");
  CHECK_ALL_METHODS(bebytes_bench_tls, tls, le, "16 03 03 00 01");
  bebytes_bench_websocket ws = {1, 0, 1, 1, 125};
  CHECK_ALL_METHODS(bebytes_bench_websocket, ws, be, "81 FD");
  CHECK_ALL_METHODS(bebytes_bench_websocket, ws, le, "11 FB");
  bebytes_bench_coap c = {1, 0, 4, 1, 0x1234};
  CHECK_ALL_METHODS(bebytes_bench_coap, c, be, "44 01 12 34");
  CHECK_ALL_METHODS(bebytes_bench_coap, c, le, "41 01 34 12");
  bebytes_bench_mqtt_connect mq = {
      1, 0,    20, 4, {(const uint8_t *)"MQTT", 4},
      5, 0x02, 60, 8, {(const uint8_t *)"client01", 8}};
  CHECK_ALL_METHODS(bebytes_bench_mqtt_connect, mq, be,
                    "10 14 00 04 4D 51 54 54 05 02 00 3C 00 08 63 6C 69 65 "
                    "6E 74 30 31");
  CHECK_ALL_METHODS(bebytes_bench_mqtt_connect, mq, le,
                    "01 14 04 00 4D 51 54 54 05 02 3C 00 08 00 63 6C 69 65 "
                    "6E 74 30 31");
  bebytes_bench_packet pk = {e, ip, t};
  CHECK_ALL_METHODS(bebytes_bench_packet, pk, be,
                    "AA BB CC DD EE FF 11 22 33 44 55 66 08 00 "
                    "45 00 00 3C 12 34 40 00 40 06 AB CD C0 A8 00 01 C0 A8 "
                    "00 02 "
                    "00 50 1F 90 12 34 56 78 87 65 43 21 50 10 FF FF AB CD "
                    "00 00");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_sizes),  cmocka_unit_test(test_tiny_small),
      cmocka_unit_test(test_medium_large), cmocka_unit_test(test_bitfield),
      cmocka_unit_test(test_vectors),      cmocka_unit_test(test_network),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
