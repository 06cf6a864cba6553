/* Instances, parameters and the self-check of memory_allocation. */
#include "ma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ma_init_medium(bebytes_bench_medium *s, uint32_t i) {
  memset(s, 0, sizeof *s);
  s->header = 0x123456789ABCDEF0ull + i;
  memset(s->payload, 0x42, sizeof s->payload);
  s->checksum = 0xDEADBEEFu;
  s->footer = 0x1234;
}

void ma_init_large(bebytes_bench_large280 *s, uint32_t i) {
  memset(s, 0, sizeof *s);
  s->id = i;
  s->timestamp = 1234567890ull + i;
  memset(s->data, (int)(i & 0xff), sizeof s->data);
  s->checksum = 0xDEADBEEFCAFEBABEull ^ i;
}

void ma_init_dynamic(bebytes_bench_dynamic *s, const uint8_t *payload,
                     uint16_t n) {
  memset(s, 0, sizeof *s);
  s->length = n;
  s->payload.ptr = payload;
  s->payload.len = n;
  s->checksum = 0xDEADBEEFu;
}

const bbd_param_t ma_params_count[] = {
    WL_PARAM_ORDER,
    {"count", BBD_PARAM_INT, "100", "records per iteration", 1, 100000, NULL},
    WL_PARAM_END,
};

/* Fresh buffer, reused buffer and a fresh growable buffer of one value
 * must all decode to the value. EQ compares two values. */
#define MA_CHECK(T, o, EQ)                                                     \
  static int check_##T##_##o(const T *v, char *err, size_t errlen) {           \
    uint8_t *vec = NULL;                                                       \
    size_t vlen = 0, used = 0;                                                 \
    bebytes_buf b, fresh;                                                      \
    bebytes_error e = {0};                                                     \
    int rc = -1; /* until every check passed */                                \
    T d;                                                                       \
    bebytes_buf_init(&b, 0);                                                   \
    bebytes_buf_init(&fresh, 0);                                               \
    WL_CHECK(T##_to_##o##_bytes(v, &vec, &vlen, &e) == 0,                      \
             #T " " #o " to_bytes");                                           \
    /* Reused: encode twice with a clear between, like the benchmarks. */      \
    WL_CHECK(T##_encode_##o##_to(v, &b, &e) == 0, #T " " #o " encode_to");     \
    bebytes_buf_clear(&b);                                                     \
    WL_CHECK(T##_encode_##o##_to(v, &b, &e) == 0, #T " " #o " encode_to");     \
    WL_CHECK(T##_encode_##o##_to(v, &fresh, &e) == 0, #T " " #o " encode_to"); \
    WL_CHECK(b.len == vlen && fresh.len == vlen &&                             \
                 memcmp(b.data, vec, vlen) == 0 &&                             \
                 memcmp(fresh.data, vec, vlen) == 0,                           \
             #T " " #o ": the styles encode different bytes");                 \
    memset(&d, 0, sizeof d);                                                   \
    WL_CHECK(T##_decode_##o(&d, vec, vlen, &used, &e) == 0 && used == vlen,    \
             #T " " #o ": decode failed");                                     \
    WL_CHECK(EQ(&d, v), #T " " #o ": decoded value differs from the input");   \
    rc = 0;                                                                    \
  fail:                                                                        \
    free(vec);                                                                 \
    bebytes_buf_free(&b);                                                      \
    bebytes_buf_free(&fresh);                                                  \
    return rc;                                                                 \
  }

static int medium_eq(const bebytes_bench_medium *a,
                     const bebytes_bench_medium *b) {
  return memcmp(a, b, sizeof *a) == 0; /* both zeroed before filling */
}
static int large_eq(const bebytes_bench_large280 *a,
                    const bebytes_bench_large280 *b) {
  return memcmp(a, b, sizeof *a) == 0;
}
static int dynamic_eq(const bebytes_bench_dynamic *a,
                      const bebytes_bench_dynamic *b) {
  return a->length == b->length && a->checksum == b->checksum &&
         a->payload.len == b->payload.len &&
         (a->payload.len == 0 ||
          memcmp(a->payload.ptr, b->payload.ptr, a->payload.len) == 0);
}

MA_CHECK(bebytes_bench_medium, be, medium_eq)
MA_CHECK(bebytes_bench_medium, le, medium_eq)
MA_CHECK(bebytes_bench_large280, be, large_eq)
MA_CHECK(bebytes_bench_large280, le, large_eq)
MA_CHECK(bebytes_bench_dynamic, be, dynamic_eq)
MA_CHECK(bebytes_bench_dynamic, le, dynamic_eq)

int ma_selfcheck(char *err, size_t errlen) {
  static uint8_t payload[MA_PAYLOAD_MAX];
  for (size_t i = 0; i < sizeof payload; i++)
    payload[i] = (uint8_t)(i * 7 + 1);
  bebytes_bench_medium m;
  bebytes_bench_large280 l;
  ma_init_medium(&m, 5);
  ma_init_large(&l, 9);
  if (bebytes_bench_medium_SIZE != 46 || bebytes_bench_large280_SIZE != 280) {
    snprintf(err, errlen, "a benchmark struct has the wrong wire size");
    return -1;
  }
  if (check_bebytes_bench_medium_be(&m, err, errlen) ||
      check_bebytes_bench_medium_le(&m, err, errlen) ||
      check_bebytes_bench_large280_be(&l, err, errlen) ||
      check_bebytes_bench_large280_le(&l, err, errlen))
    return -1;
  static const uint16_t sizes[] = {0, 16, 64, 256, 1024, 4096};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    bebytes_bench_dynamic d;
    ma_init_dynamic(&d, payload, sizes[i]);
    size_t n = 0;
    if (bebytes_bench_dynamic_encoded_size(&d, &n, NULL) != 0 ||
        n != 2u + sizes[i] + 4u) {
      snprintf(err, errlen, "dynamic(%u) encodes to %zu bytes", sizes[i], n);
      return -1;
    }
    if (check_bebytes_bench_dynamic_be(&d, err, errlen) ||
        check_bebytes_bench_dynamic_le(&d, err, errlen))
      return -1;
  }
  return 0;
}
