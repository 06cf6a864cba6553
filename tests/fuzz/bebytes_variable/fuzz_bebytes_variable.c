/*
 * Fuzzes the decoders of variable-length structs: size fields with dotted
 * paths, size expressions, struct vectors, markers, strings, segments and
 * unbounded tails, in both byte orders. Byte 0 picks the struct and order.
 * A successful decode must consume no more than the input, must re-encode,
 * and re-encoding must be stable: encode(decode(encode(x))) == encode(x).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../unit/bebytes/test_structs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CASE(T)                                                                \
  do {                                                                         \
    T s_;                                                                      \
    size_t used_ = 0;                                                          \
    int rc_ = le ? T##_decode_le(&s_, in, len, &used_, NULL)                   \
                 : T##_decode_be(&s_, in, len, &used_, NULL);                  \
    if (rc_ != 0)                                                              \
      break;                                                                   \
    if (used_ > len)                                                           \
      abort();                                                                 \
    bebytes_buf a_ = {0}, b_ = {0};                                            \
    if ((le ? T##_encode_le_to(&s_, &a_, NULL)                                 \
            : T##_encode_be_to(&s_, &a_, NULL)) != 0)                          \
      abort();                                                                 \
    T t_;                                                                      \
    size_t u2_ = 0;                                                            \
    if ((le ? T##_decode_le(&t_, a_.data, a_.len, &u2_, NULL)                  \
            : T##_decode_be(&t_, a_.data, a_.len, &u2_, NULL)) != 0 ||         \
        u2_ != a_.len)                                                         \
      abort();                                                                 \
    if ((le ? T##_encode_le_to(&t_, &b_, NULL)                                 \
            : T##_encode_be_to(&t_, &b_, NULL)) != 0 ||                        \
        a_.len != b_.len || memcmp(a_.data, b_.data, a_.len) != 0)             \
      abort();                                                                 \
    bebytes_buf_free(&a_);                                                     \
    bebytes_buf_free(&b_);                                                     \
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
  switch (sel % 12) {
  case 0:
    CASE(ts_nested);
    break;
  case 1:
    CASE(ts_expr);
    break;
  case 2:
    CASE(ts_exprdiv);
    break;
  case 3:
    CASE(ts_exprpath);
    break;
  case 4:
    CASE(ts_markers);
    break;
  case 5:
    CASE(ts_strs);
    break;
  case 6:
    CASE(ts_segs);
    break;
  case 7:
    CASE(ts_segs3);
    break;
  case 8:
    CASE(bebytes_bench_mixed);
    break;
  case 9:
    CASE(bebytes_bench_mqtt_connect);
    break;
  case 10:
    CASE(ts_bafter);
    break;
  default:
    CASE(ts_rest);
    break;
  }
  free(in);
  return 0;
}
