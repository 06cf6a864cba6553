/*
 * Fuzzes the straight-line decoders of fixed-layout structs (bit fields,
 * scalars, enums, options, nested headers) in both byte orders. Byte 0
 * picks the struct and the order; the rest is the input, copied to an
 * exact-size heap buffer so ASan sees any over-read. Every successful
 * decode must re-encode (checked and raw paths) to exactly the consumed
 * bytes, except Option's ignored "none" payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../unit/bebytes/test_structs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CASE(T, check_bytes)                                                   \
  do {                                                                         \
    T s_;                                                                      \
    size_t used_ = 0;                                                          \
    uint8_t out_[T##_SIZE], raw_[T##_SIZE];                                    \
    int rc_ = le ? T##_decode_le(&s_, in, len, &used_, NULL)                   \
                 : T##_decode_be(&s_, in, len, &used_, NULL);                  \
    if (rc_ != 0)                                                              \
      break;                                                                   \
    if (used_ != T##_SIZE)                                                     \
      abort();                                                                 \
    size_t w_ = 0;                                                             \
    if ((le ? T##_encode_le_into(&s_, out_, sizeof out_, &w_, NULL)            \
            : T##_encode_be_into(&s_, out_, sizeof out_, &w_, NULL)) != 0)     \
      abort();                                                                 \
    if (le)                                                                    \
      T##_encode_le_raw(&s_, raw_);                                            \
    else                                                                       \
      T##_encode_be_raw(&s_, raw_);                                            \
    if (memcmp(out_, raw_, T##_SIZE) != 0)                                     \
      abort();                                                                 \
    if ((check_bytes) && memcmp(out_, in, T##_SIZE) != 0)                      \
      abort();                                                                 \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0] >> 1, le = data[0] & 1;
  size_t len = size - 1;
  uint8_t *in = malloc(len ? len : 1);
  if (in == NULL)
    return 0;
  memcpy(in, data + 1, len);
  switch (sel % 16) {
  case 0:
    CASE(bebytes_bench_bitfield, 1);
    break;
  case 1:
    CASE(bebytes_bench_ipv4, 1);
    break;
  case 2:
    CASE(bebytes_bench_tcp, 1);
    break;
  case 3:
    CASE(bebytes_bench_http2, 1);
    break;
  case 4:
    CASE(bebytes_bench_dns, 1);
    break;
  case 5:
    CASE(bebytes_bench_packet, 1);
    break;
  case 6:
    CASE(ts_scalars, 1);
    break;
  case 7:
    CASE(ts_opts, 0);
    break;
  case 8:
    CASE(ts_enums, 1);
    break;
  case 9:
    CASE(ts_bwide, 1);
    break;
  case 10:
    CASE(ts_bsigned, 1);
    break;
  case 11:
    CASE(ts_bchar, 1);
    break;
  case 12:
    CASE(ts_b121073, 1);
    break;
  case 13:
    CASE(ts_order, 1);
    break;
  case 14:
    CASE(bebytes_bench_medium, 1);
    break;
  default:
    CASE(ts_b763, 1);
    break;
  }
  free(in);
  return 0;
}
