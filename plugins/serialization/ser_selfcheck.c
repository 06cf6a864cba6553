/*
 * Self-check of the serialization plugin: every benchmark struct goes
 * through every method in both byte orders; all encoders must produce the
 * same bytes of the expected size, decoding them must give back the input,
 * and the encodings the reference notes verified against BeBytes must come
 * out byte for byte.
 */
#include "ser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every struct: vec and bufmut agree on `want` bytes (and on `ref`, the
 * golden bytes or for fixed structs the raw path's, when it is not NULL),
 * and decoding gives back the input. EQ compares a decoded
 * value with the input (for variable structs: the scalar fields and the
 * vector bytes). */
#define CHECK_ENC(NAME, T, o, EQ)                                              \
  static int NAME(const T *v, size_t want, const uint8_t *ref, char *err,      \
                  size_t errlen) {                                             \
    uint8_t *vec = NULL;                                                       \
    size_t vlen = 0, used = 0;                                                 \
    bebytes_buf b;                                                             \
    bebytes_error e = {0};                                                     \
    int rc = -1; /* until every check passed */                                \
    T d;                                                                       \
    bebytes_buf_init(&b, 0);                                                   \
    memset(&d, 0, sizeof d);                                                   \
    WL_CHECK(T##_to_##o##_bytes(v, &vec, &vlen, &e) == 0,                      \
             #T " " #o " to_bytes");                                           \
    WL_CHECK(T##_encode_##o##_to(v, &b, &e) == 0, #T " " #o " encode_to");     \
    WL_CHECK(vlen == want && b.len == want,                                    \
             #T " " #o ": sizes %zu/%zu, expected %zu", vlen, b.len, want);    \
    WL_CHECK(memcmp(vec, b.data, want) == 0,                                   \
             #T " " #o ": the methods encode different bytes");                \
    WL_CHECK(ref == NULL || memcmp(vec, ref, want) == 0,                       \
             #T " " #o ": encoding differs from the reference bytes");         \
    WL_CHECK(T##_decode_##o(&d, vec, vlen, &used, &e) == 0 && used == want,    \
             #T " " #o ": decode failed");                                     \
    WL_CHECK(EQ(&d, v), #T " " #o ": decoded value differs from the input");   \
    rc = 0;                                                                    \
  fail:                                                                        \
    free(vec);                                                                 \
    bebytes_buf_free(&b);                                                      \
    return rc;                                                                 \
  }

/* Fixed structs also go through the into and raw paths: into writes what
 * raw writes, and vec and bufmut must write it too (CHECK_ENC with the raw
 * bytes as the reference); raw must match the golden bytes when there are
 * some. The structs are zeroed before they are filled, so memcmp sees no
 * stray padding. */
#define CHECK_FIXED(T, o)                                                      \
  CHECK_ENC(enc_##T##_##o, T, o, T##_eq)                                       \
  static int check_##T##_##o(const T *v, const uint8_t *golden, char *err,     \
                             size_t errlen) {                                  \
    uint8_t raw[T##_SIZE], into[T##_SIZE];                                     \
    size_t n = 0;                                                              \
    bebytes_error e = {0};                                                     \
    T##_encode_##o##_raw(v, raw);                                              \
    if (T##_encode_##o##_into(v, into, sizeof into, &n, &e) != 0 ||            \
        n != T##_SIZE || memcmp(into, raw, T##_SIZE) != 0) {                   \
      snprintf(err, errlen, #T " " #o ": encode_into differs from raw");       \
      return -1;                                                               \
    }                                                                          \
    if (golden != NULL && memcmp(raw, golden, T##_SIZE) != 0) {                \
      snprintf(err, errlen,                                                    \
               #T " " #o ": encoding differs from the golden bytes");          \
      return -1;                                                               \
    }                                                                          \
    return enc_##T##_##o(v, T##_SIZE, raw, err, errlen);                       \
  }
#define CHECK_FIXED2(T)                                                        \
  static int T##_eq(const T *a, const T *b) {                                  \
    return memcmp(a, b, sizeof *a) == 0;                                       \
  }                                                                            \
  CHECK_FIXED(T, be) CHECK_FIXED(T, le)
CHECK_FIXED2(bebytes_bench_tiny)
CHECK_FIXED2(bebytes_bench_small)
CHECK_FIXED2(bebytes_bench_medium)
CHECK_FIXED2(bebytes_bench_large)
CHECK_FIXED2(bebytes_bench_bitfield)

static int slice_eq(bebytes_slice a, bebytes_slice b) {
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}
static int vector_eq(const bebytes_bench_vector *a,
                     const bebytes_bench_vector *b) {
  return a->header == b->header && a->footer == b->footer &&
         slice_eq(a->fixed_data, b->fixed_data);
}
static int dynamic_eq(const bebytes_bench_dynamic_vector *a,
                      const bebytes_bench_dynamic_vector *b) {
  return a->length == b->length && a->checksum == b->checksum &&
         slice_eq(a->data, b->data);
}
static int mixed_eq(const bebytes_bench_mixed *a,
                    const bebytes_bench_mixed *b) {
  return a->version == b->version && a->flags == b->flags &&
         a->length == b->length && a->footer == b->footer &&
         slice_eq(a->payload, b->payload);
}

#define CHECK_VAR(T, o, EQ) CHECK_ENC(check_##T##_##o, T, o, EQ)
CHECK_VAR(bebytes_bench_vector, be, vector_eq)
CHECK_VAR(bebytes_bench_vector, le, vector_eq)
CHECK_VAR(bebytes_bench_dynamic_vector, be, dynamic_eq)
CHECK_VAR(bebytes_bench_dynamic_vector, le, dynamic_eq)
CHECK_VAR(bebytes_bench_mixed, be, mixed_eq)
CHECK_VAR(bebytes_bench_mixed, le, mixed_eq)

int ser_selfcheck(char *err, size_t errlen) {
  /* Golden encodings verified against BeBytes (bebytes-facts.md §2.1). */
  static const uint8_t tiny_be[] = {0x12, 0x34, 0x56, 0x78};
  static const uint8_t tiny_le[] = {0x34, 0x12, 0x78, 0x56};
  static const uint8_t bitfield_be[] = {0x4A, 0x40, 0x07, 0x12,
                                        0x34, 0x56, 0x78};
  static const uint8_t bitfield_le[] = {0xA4, 0x00, 0x74, 0x78,
                                        0x56, 0x34, 0x12};
  static const uint8_t mixed4_be[] = {0xBF, 0x00, 0x04, 0x42, 0x42, 0x42,
                                      0x42, 0xDE, 0xAD, 0xBE, 0xEF};
  static uint8_t payload[SER_PAYLOAD_MAX];
  memset(payload, 0x42, sizeof payload);

  bebytes_bench_tiny tiny;
  bebytes_bench_small small;
  bebytes_bench_medium medium;
  bebytes_bench_large large;
  bebytes_bench_bitfield bitfield;
  ser_init_tiny(&tiny);
  ser_init_small(&small, 0);
  ser_init_medium(&medium);
  ser_init_large(&large);
  ser_init_bitfield(&bitfield);
  if (bebytes_bench_tiny_SIZE != 4 || bebytes_bench_small_SIZE != 8 ||
      bebytes_bench_medium_SIZE != 46 || bebytes_bench_large_SIZE != 232 ||
      bebytes_bench_bitfield_SIZE != 7) {
    snprintf(err, errlen, "a benchmark struct has the wrong wire size");
    return -1;
  }
  if (check_bebytes_bench_tiny_be(&tiny, tiny_be, err, errlen) ||
      check_bebytes_bench_tiny_le(&tiny, tiny_le, err, errlen) ||
      check_bebytes_bench_small_be(&small, NULL, err, errlen) ||
      check_bebytes_bench_small_le(&small, NULL, err, errlen) ||
      check_bebytes_bench_medium_be(&medium, NULL, err, errlen) ||
      check_bebytes_bench_medium_le(&medium, NULL, err, errlen) ||
      check_bebytes_bench_large_be(&large, NULL, err, errlen) ||
      check_bebytes_bench_large_le(&large, NULL, err, errlen) ||
      check_bebytes_bench_bitfield_be(&bitfield, bitfield_be, err, errlen) ||
      check_bebytes_bench_bitfield_le(&bitfield, bitfield_le, err, errlen))
    return -1;

  bebytes_bench_vector vector;
  ser_init_vector(&vector, payload);
  if (check_bebytes_bench_vector_be(&vector, 22, NULL, err, errlen) ||
      check_bebytes_bench_vector_le(&vector, 22, NULL, err, errlen))
    return -1;
  static const unsigned dyn_sizes[] = {0, 1, 4, 16, 64, 255};
  for (size_t i = 0; i < sizeof dyn_sizes / sizeof dyn_sizes[0]; i++) {
    bebytes_bench_dynamic_vector dv;
    ser_init_dynamic(&dv, payload, (uint8_t)dyn_sizes[i]);
    size_t want = 1 + dyn_sizes[i] + 4;
    if (check_bebytes_bench_dynamic_vector_be(&dv, want, NULL, err, errlen) ||
        check_bebytes_bench_dynamic_vector_le(&dv, want, NULL, err, errlen))
      return -1;
  }
  static const unsigned mixed_sizes[] = {0, 4, 16, 64, 256, 1024};
  for (size_t i = 0; i < sizeof mixed_sizes / sizeof mixed_sizes[0]; i++) {
    bebytes_bench_mixed mx;
    ser_init_mixed(&mx, payload, (uint16_t)mixed_sizes[i]);
    size_t want = 1 + 2 + mixed_sizes[i] + 4;
    const uint8_t *golden = mixed_sizes[i] == 4 ? mixed4_be : NULL;
    if (check_bebytes_bench_mixed_be(&mx, want, golden, err, errlen) ||
        check_bebytes_bench_mixed_le(&mx, want, NULL, err, errlen))
      return -1;
  }
  return 0;
}
